import { DescribeInstanceAttributeCommand, type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, imageArn, TAG_TRIGGERS } from './ec2.js';

/** Terminated instances linger in DescribeInstances for an hour; they are gone, so the sweep may delete them. */
const live = (i: Instance) => i.State?.Name !== 'terminated';

async function* describe(ctx: Parameters<typeof ec2>[0], ids?: readonly string[]) {
  const input = ids ? { Filters: idFilter('instance-id', ids) } : {};
  for await (const r of itemsOf(paginateDescribeInstances({ client: ec2(ctx) }, input), (p) => p.Reservations))
    for (const i of r.Instances ?? []) if (live(i)) yield i;
}

export default defineCollector<Instance>({
  id: 'aws-ec2-instance',
  resourceType: 'aws.ec2.instance',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EC2 instances',
  permissions: ['ec2:DescribeInstances'],
  triggers: [
    'RunInstances',
    'TerminateInstances',
    'StartInstances',
    'StopInstances',
    'ModifyInstanceAttribute',
    'ModifyInstanceMetadataOptions',
    'AssociateIamInstanceProfile',
    'DisassociateIamInstanceProfile',
    'ReplaceIamInstanceProfileAssociation',
    'AttachVolume',
    'DetachVolume',
    'AttachNetworkInterface',
    'DetachNetworkInterface',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    userDataPresent: {
      permissions: ['ec2:DescribeInstanceAttribute'],
      async fetch(raw, ctx) {
        const r = await ec2(ctx).send(new DescribeInstanceAttributeCommand({ InstanceId: raw.InstanceId, Attribute: 'userData' }));
        return Boolean(r.UserData?.Value);
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.instance', 'instance', raw.InstanceId ?? '', raw, hydrated);
    const id = resource.id;
    const sgs = new Set((raw.SecurityGroups ?? []).map((g) => g.GroupId));
    for (const n of raw.NetworkInterfaces ?? []) for (const g of n.Groups ?? []) sgs.add(g.GroupId);
    return {
      resource,
      edges: [
        ...edges(
          id,
          'uses-security-group',
          [...sgs].map((g) => g && ec2Arn(ctx, 'security-group', g)),
        ),
        ...edges(id, 'in-subnet', [raw.SubnetId && ec2Arn(ctx, 'subnet', raw.SubnetId)]),
        ...edges(id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(id, 'has-instance-profile', [raw.IamInstanceProfile?.Arn]),
        ...edges(
          id,
          'has-volume',
          (raw.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId && ec2Arn(ctx, 'volume', b.Ebs.VolumeId)),
        ),
        ...edges(
          id,
          'has-network-interface',
          (raw.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId && ec2Arn(ctx, 'network-interface', n.NetworkInterfaceId)),
        ),
        ...edges(id, 'from-image', [imageArn(ctx, raw.ImageId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_ec2_iam_role_filter_by_role_name (ec2.DescribeInstances_1.json).
      name: 'running instance with an instance profile, public IP and one EBS volume',
      raw: {
        Architecture: 'x86_64',
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/xvda',
            Ebs: { AttachTime: new Date('2026-04-04T17:11:43Z'), DeleteOnTermination: true, Status: 'attached', VolumeId: 'vol-0430d78d9320b53d5' },
          },
        ],
        IamInstanceProfile: { Arn: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole', Id: 'AIPAJO5EMJ3YEMNUF5ZWM' },
        SecurityGroups: [{ GroupId: 'sg-007e9ef58b28a8050', GroupName: 'launch-wizard-1' }],
        Tags: [{ Key: 'Name', Value: 'test-role-1' }],
        InstanceId: 'i-051d5a5a07a40d2a3',
        ImageId: 'ami-01b14b7ad41e17ba4',
        State: { Code: 16, Name: 'running' },
        InstanceType: 't3.micro',
        LaunchTime: new Date('2026-04-04T17:11:42Z'),
        SubnetId: 'subnet-914763e7',
        VpcId: 'vpc-d2d616b5',
        PrivateIpAddress: '172.31.11.4',
        PublicIpAddress: '3.87.123.254',
      },
      hydrated: { userDataPresent: false },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
        name: 'test-role-1',
        region: 'us-east-1',
        tags: { Name: 'test-role-1' },
        config: { InstanceId: 'i-051d5a5a07a40d2a3', PublicIpAddress: '3.87.123.254', LaunchTime: '2026-04-04T17:11:42.000Z', userDataPresent: false },
      },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-007e9ef58b28a8050',
        },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
          kind: 'in-subnet',
          to: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-914763e7',
        },
        { from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3', kind: 'in-vpc', to: 'arn:aws:ec2:us-east-1:644160558196:vpc/vpc-d2d616b5' },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
          kind: 'has-instance-profile',
          to: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole',
        },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
          kind: 'has-volume',
          to: 'arn:aws:ec2:us-east-1:644160558196:volume/vol-0430d78d9320b53d5',
        },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
          kind: 'from-image',
          to: 'arn:aws:ec2:us-east-1::image/ami-01b14b7ad41e17ba4',
        },
      ],
    },
    {
      name: 'GovCloud partition in the ARN, id as name without a Name tag',
      raw: { InstanceId: 'i-0aaa', State: { Code: 16, Name: 'running' }, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } },
      context: { partition: 'aws-us-gov', region: 'us-gov-west-1' },
      expect: {
        id: 'arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0aaa',
        name: 'i-0aaa',
        tags: {},
        config: { MetadataOptions: { HttpTokens: 'optional' } },
      },
    },
  ],
});
