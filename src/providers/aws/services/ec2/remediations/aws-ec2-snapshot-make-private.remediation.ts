import { EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { defineRemediation } from '../../../../../core/units/remediation.js';

export default defineRemediation<{ SnapshotId?: string; createVolumePermissions?: { Group?: string; UserId?: string }[] }>({
  id: 'aws-ec2-snapshot-make-private',
  title: 'Make a public EBS snapshot private',
  resourceType: 'aws.ec2.snapshot',
  fixes: ['aws-ec2-snapshot-not-public'],
  permissions: ['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'],
  impact: 'Other AWS accounts can no longer create volumes from this snapshot; explicit shares with named accounts stay.',
  plan(r) {
    if (!(r.config.createVolumePermissions ?? []).some((p) => p.Group === 'all')) return null;
    return {
      remediationId: 'aws-ec2-snapshot-make-private',
      resourceId: r.id,
      summary: `remove public create-volume permission from ${r.config.SnapshotId}`,
      changes: [{ field: 'createVolumePermissions[Group=all]', before: 'all', after: null }],
      data: { snapshotId: r.config.SnapshotId ?? r.id.split('/').pop() },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(EC2Client).send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: String(plan.data.snapshotId),
        Attribute: 'createVolumePermission',
        OperationType: 'remove',
        GroupNames: ['all'],
      }),
    );
  },
  async rollback(plan, ctx) {
    await ctx.client(EC2Client).send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: String(plan.data.snapshotId),
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        GroupNames: ['all'],
      }),
    );
  },
  fixtures: [
    { name: 'public', resource: { config: { SnapshotId: 'snap-1', createVolumePermissions: [{ Group: 'all' }] } }, expectChanges: 1 },
    {
      name: 'shared with one account',
      resource: { config: { SnapshotId: 'snap-1', createVolumePermissions: [{ UserId: '444455556666' }] } },
      expectChanges: 0,
    },
  ],
});
