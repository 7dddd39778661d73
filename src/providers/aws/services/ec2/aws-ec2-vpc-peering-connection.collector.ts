import { paginateDescribeVpcPeeringConnections, type VpcPeeringConnection } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(
    paginateDescribeVpcPeeringConnections({ client: ec2(ctx) }, ids ? { Filters: idFilter('vpc-peering-connection-id', ids) } : {}),
    (p) => p.VpcPeeringConnections,
  );

export default defineCollector<VpcPeeringConnection>({
  id: 'aws-ec2-vpc-peering-connection',
  resourceType: 'aws.ec2.vpc-peering-connection',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPC peering connections',
  permissions: ['ec2:DescribeVpcPeeringConnections'],
  triggers: [
    'CreateVpcPeeringConnection',
    'AcceptVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'ModifyVpcPeeringConnectionOptions',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.vpc-peering-connection', 'vpc-peering-connection', raw.VpcPeeringConnectionId ?? '', raw, hydrated);
    // Both sides may sit in other accounts and regions; their VPC ARNs say so.
    const side = (v: VpcPeeringConnection['AccepterVpcInfo']) =>
      v?.VpcId && arn(ctx, 'ec2', `vpc/${v.VpcId}`, { account: v.OwnerId ?? ctx.account, region: v.Region ?? ctx.region });
    return { resource, edges: edges(resource.id, 'connects', [side(raw.RequesterVpcInfo), side(raw.AccepterVpcInfo)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_peer_miss_route_filter_not_found (ec2.DescribeVpcPeeringConnections_1.json).
      name: 'active peering between two VPCs of one account',
      raw: {
        Status: { Message: 'Active', Code: 'active' },
        Tags: [{ Value: 'notable', Key: 'Name' }],
        AccepterVpcInfo: { OwnerId: '619193117841', VpcId: 'vpc-1cc8e779', CidrBlock: '10.0.0.0/16' },
        VpcPeeringConnectionId: 'pcx-36096b5f',
        RequesterVpcInfo: { OwnerId: '619193117841', VpcId: 'vpc-cb3e8cae', CidrBlock: '172.20.0.0/16' },
      },
      context: { account: '619193117841' },
      expect: { id: 'arn:aws:ec2:us-east-1:619193117841:vpc-peering-connection/pcx-36096b5f', name: 'notable', config: { Status: { Code: 'active' } } },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:619193117841:vpc-peering-connection/pcx-36096b5f',
          kind: 'connects',
          to: 'arn:aws:ec2:us-east-1:619193117841:vpc/vpc-1cc8e779',
        },
        {
          from: 'arn:aws:ec2:us-east-1:619193117841:vpc-peering-connection/pcx-36096b5f',
          kind: 'connects',
          to: 'arn:aws:ec2:us-east-1:619193117841:vpc/vpc-cb3e8cae',
        },
      ],
    },
  ],
});
