import { EC2Client, ModifyInstanceMetadataOptionsCommand } from '@aws-sdk/client-ec2';
import { defineRemediation } from '../../../../../core/units/remediation.js';

export default defineRemediation<{ InstanceId?: string; MetadataOptions?: { HttpTokens?: string; HttpEndpoint?: string } }>({
  id: 'aws-ec2-instance-enforce-imdsv2',
  title: 'Require IMDSv2 (session tokens) on an instance',
  resourceType: 'aws.ec2.instance',
  fixes: ['aws-ec2-instance-imdsv2-required'],
  permissions: ['ec2:ModifyInstanceMetadataOptions'],
  impact: 'Software on the instance that reads metadata without a token (old SDKs, curl scripts) gets 401 until updated.',
  plan(r) {
    const m = r.config.MetadataOptions;
    if (!m || m.HttpTokens === 'required' || m.HttpEndpoint === 'disabled') return null;
    return {
      remediationId: 'aws-ec2-instance-enforce-imdsv2',
      resourceId: r.id,
      summary: `require IMDSv2 on ${r.config.InstanceId}`,
      changes: [{ field: 'MetadataOptions.HttpTokens', before: m.HttpTokens ?? 'optional', after: 'required' }],
      data: { instanceId: r.config.InstanceId ?? r.id.split('/').pop(), previous: m.HttpTokens ?? 'optional' },
    };
  },
  async apply(plan, ctx) {
    await ctx
      .client(EC2Client)
      .send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: String(plan.data.instanceId), HttpTokens: 'required', HttpEndpoint: 'enabled' }));
  },
  async rollback(plan, ctx) {
    await ctx
      .client(EC2Client)
      .send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: String(plan.data.instanceId), HttpTokens: plan.data.previous as 'optional' }));
  },
  fixtures: [
    {
      name: 'IMDSv1 allowed',
      resource: { config: { InstanceId: 'i-1', MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } } },
      expectChanges: 1,
    },
    {
      name: 'IMDSv2 required',
      resource: { config: { InstanceId: 'i-1', MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } } },
      expectChanges: 0,
    },
  ],
});
