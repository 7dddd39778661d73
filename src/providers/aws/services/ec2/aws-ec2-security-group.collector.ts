import { paginateDescribeSecurityGroups, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeSecurityGroups({ client: ec2(ctx) }, ids ? { Filters: idFilter('group-id', ids) } : {}), (p) => p.SecurityGroups);

export default defineCollector<SecurityGroup>({
  id: 'aws-ec2-security-group',
  resourceType: 'aws.ec2.security-group',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EC2 security groups',
  permissions: ['ec2:DescribeSecurityGroups'],
  triggers: [
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'ModifySecurityGroupRules',
    'UpdateSecurityGroupRuleDescriptionsIngress',
    'UpdateSecurityGroupRuleDescriptionsEgress',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.security-group', 'security-group', raw.GroupId ?? '', raw, hydrated);
    if (!resource.tags.Name && raw.GroupName) resource.name = raw.GroupName;
    // A rule may name a group of another account (peered VPCs): its ARN carries that account.
    const referenced = [...(raw.IpPermissions ?? []), ...(raw.IpPermissionsEgress ?? [])].flatMap((p) =>
      (p.UserIdGroupPairs ?? []).map((g) => g.GroupId && arn(ctx, 'ec2', `security-group/${g.GroupId}`, { account: g.UserId ?? ctx.account })),
    );
    return {
      resource,
      edges: [
        ...edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(
          resource.id,
          'references-security-group',
          referenced.filter((r) => r !== resource.id),
        ),
      ],
    };
  },
  fixtures: [
    {
      // Shape from cloud-custodian test_rds_sg_add_by_tag (ec2.DescribeSecurityGroups_1.json), rules added.
      name: 'group open to the world on 27017 that also trusts another group',
      raw: {
        Description: 'mongo',
        GroupName: 'mongo-sg',
        OwnerId: '644160558196',
        GroupId: 'sg-08398fd5994d8971d',
        VpcId: 'vpc-d2d616b5',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 27017, ToPort: 27017, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-0bastion', UserId: '644160558196' }] },
        ],
        IpPermissionsEgress: [],
        Tags: [{ Key: 'c7n', Value: 'test' }],
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-08398fd5994d8971d',
        name: 'mongo-sg',
        tags: { c7n: 'test' },
        config: { IpPermissions: [{ FromPort: 27017, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { FromPort: 22 }] },
      },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-08398fd5994d8971d',
          kind: 'in-vpc',
          to: 'arn:aws:ec2:us-east-1:644160558196:vpc/vpc-d2d616b5',
        },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-08398fd5994d8971d',
          kind: 'references-security-group',
          to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-0bastion',
        },
      ],
    },
  ],
});
