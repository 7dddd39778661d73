import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  DeleteSecurityGroupCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Config = {
  InstanceId?: string;
  VpcId?: string;
  State?: { Name?: string };
  SecurityGroups?: { GroupId?: string }[];
  BlockDeviceMappings?: { DeviceName?: string; Ebs?: { VolumeId?: string } }[];
};

/**
 * Incident response: snapshot every attached volume (evidence, before anything changes), then
 * swap the instance's security groups for a new isolation group with no ingress and no egress.
 * The instance keeps running (memory stays for forensics). Apply records the created group and
 * snapshots in the plan's data; rollback restores the original groups and deletes the isolation
 * group, and keeps the snapshots (evidence is never deleted automatically).
 */
export default defineRemediation<Config>({
  id: 'aws-ec2-instance-quarantine',
  title: 'Quarantine an instance: snapshot its volumes, isolate it in an empty security group',
  resourceType: 'aws.ec2.instance',
  fixes: [],
  permissions: [
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateSnapshot',
    'ec2:CreateTags',
    'ec2:DeleteSecurityGroup',
  ],
  impact: 'The instance loses all network access (in and out), including to its load balancer, database and SSM; running processes stay for forensics.',
  plan(r) {
    const c = r.config;
    if (!c.InstanceId || c.State?.Name === 'terminated') return null;
    const groups = (c.SecurityGroups ?? []).map((g) => g.GroupId).filter(Boolean) as string[];
    const volumes = (c.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter(Boolean) as string[];
    return {
      remediationId: 'aws-ec2-instance-quarantine',
      resourceId: r.id,
      summary: `quarantine ${c.InstanceId}: snapshot ${volumes.length} volume(s), replace ${groups.length} security group(s) with an isolation group`,
      changes: [
        { field: 'SecurityGroups', before: groups, after: [`skywatch-quarantine-${c.InstanceId}`] },
        ...volumes.map((v) => ({ field: `snapshot of ${v}`, before: null, after: 'created' })),
      ],
      data: { instanceId: c.InstanceId, vpcId: c.VpcId, groups, volumes },
    };
  },
  async apply(plan, ctx) {
    const ec2 = ctx.client(EC2Client);
    const id = String(plan.data.instanceId);
    const snapshots: string[] = [];
    for (const v of plan.data.volumes as string[]) {
      const s = await ec2.send(
        new CreateSnapshotCommand({
          VolumeId: v,
          Description: `Skywatch quarantine evidence for ${id}`,
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'skywatch:quarantine', Value: id }] }],
        }),
      );
      if (s.SnapshotId) snapshots.push(s.SnapshotId);
    }
    const g = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: `skywatch-quarantine-${id}`,
        Description: `Skywatch quarantine of ${id}: no ingress, no egress`,
        VpcId: String(plan.data.vpcId),
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'skywatch:quarantine', Value: id }] }],
      }),
    );
    const groupId = String(g.GroupId);
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [groupId] }));
    plan.data.isolationGroupId = groupId;
    plan.data.snapshots = snapshots;
  },
  async rollback(plan, ctx) {
    const ec2 = ctx.client(EC2Client);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: String(plan.data.instanceId), Groups: plan.data.groups as string[] }));
    if (plan.data.isolationGroupId) await ec2.send(new DeleteSecurityGroupCommand({ GroupId: String(plan.data.isolationGroupId) }));
  },
  fixtures: [
    {
      name: 'running instance with one volume',
      resource: {
        config: {
          InstanceId: 'i-1',
          VpcId: 'vpc-1',
          State: { Name: 'running' },
          SecurityGroups: [{ GroupId: 'sg-1' }],
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-1' } }],
        },
      },
      expectChanges: 2,
    },
    { name: 'terminated', resource: { config: { InstanceId: 'i-1', State: { Name: 'terminated' } } }, expectChanges: 0 },
  ],
});
