import { type NetworkAcl, paginateDescribeNetworkAcls } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeNetworkAcls({ client: ec2(ctx) }, ids ? { Filters: idFilter('network-acl-id', ids) } : {}), (p) => p.NetworkAcls);

export default defineCollector<NetworkAcl>({
  id: 'aws-ec2-network-acl',
  resourceType: 'aws.ec2.network-acl',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Network ACLs',
  permissions: ['ec2:DescribeNetworkAcls'],
  triggers: [
    'CreateNetworkAcl',
    'DeleteNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.network-acl', 'network-acl', raw.NetworkAclId ?? '', raw, hydrated);
    return { resource, edges: edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]) };
  },
  fixtures: [
    {
      name: 'default ACL allowing all inbound traffic',
      raw: {
        Associations: [{ NetworkAclAssociationId: 'aclassoc-1', NetworkAclId: 'acl-5fb85d36', SubnetId: 'subnet-1' }],
        Entries: [
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
        ],
        IsDefault: true,
        NetworkAclId: 'acl-5fb85d36',
        Tags: [],
        VpcId: 'vpc-1',
      },
      expect: {
        id: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-5fb85d36',
        config: { IsDefault: true, Entries: [{ RuleAction: 'allow', RuleNumber: 100 }, { RuleAction: 'deny' }] },
      },
      expectEdges: [
        { from: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-5fb85d36', kind: 'in-vpc', to: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1' },
      ],
    },
  ],
});
