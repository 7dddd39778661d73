import { DisableEbsEncryptionByDefaultCommand, EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { defineRemediation } from '../../../../../core/units/remediation.js';

export default defineRemediation<{ EbsEncryptionByDefault?: boolean; KmsKeyId?: string }>({
  id: 'aws-ec2-enable-ebs-default-encryption',
  title: 'Turn on EBS encryption by default in the region',
  resourceType: 'aws.ec2.ebs-default-encryption',
  fixes: ['aws-ec2-ebs-default-encryption-enabled'],
  permissions: ['ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'],
  impact: 'New volumes and snapshot copies in this region are encrypted; instance types without encryption support can no longer launch with new volumes.',
  plan(r) {
    if (r.config.EbsEncryptionByDefault === true) return null;
    return {
      remediationId: 'aws-ec2-enable-ebs-default-encryption',
      resourceId: r.id,
      summary: `enable EBS encryption by default in ${r.region}`,
      changes: [{ field: 'EbsEncryptionByDefault', before: false, after: true }],
      data: {},
    };
  },
  async apply(_plan, ctx) {
    await ctx.client(EC2Client).send(new EnableEbsEncryptionByDefaultCommand({}));
  },
  async rollback(_plan, ctx) {
    await ctx.client(EC2Client).send(new DisableEbsEncryptionByDefaultCommand({}));
  },
  fixtures: [
    { name: 'off', resource: { config: { EbsEncryptionByDefault: false } }, expectChanges: 1 },
    { name: 'on', resource: { config: { EbsEncryptionByDefault: true } }, expectChanges: 0 },
  ],
});
