import { paginateDescribeNetworkAcls, paginateDescribeRouteTables, paginateDescribeSubnets, type Subnet } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

/**
 * A subnet plus the route table and network ACL that govern it. AWS records the associations on
 * the tables, and a subnet without an explicit route-table association uses its VPC's main table,
 * so the collector resolves both once per region and attaches them (`routeTableId`, `networkAclId`).
 */
export type SubnetItem = Subnet & { routeTableId?: string; networkAclId?: string };

async function* describe(ctx: CollectContext, ids?: readonly string[]): AsyncIterable<SubnetItem> {
  const explicit = new Map<string, string>();
  const main = new Map<string, string>();
  for await (const t of itemsOf(paginateDescribeRouteTables({ client: ec2(ctx) }, {}), (p) => p.RouteTables))
    for (const a of t.Associations ?? []) {
      if (a.SubnetId && t.RouteTableId) explicit.set(a.SubnetId, t.RouteTableId);
      if (a.Main && t.VpcId && t.RouteTableId) main.set(t.VpcId, t.RouteTableId);
    }
  const acls = new Map<string, string>();
  for await (const n of itemsOf(paginateDescribeNetworkAcls({ client: ec2(ctx) }, {}), (p) => p.NetworkAcls))
    for (const a of n.Associations ?? []) if (a.SubnetId && n.NetworkAclId) acls.set(a.SubnetId, n.NetworkAclId);
  const input = ids ? { Filters: idFilter('subnet-id', ids) } : {};
  for await (const s of itemsOf(paginateDescribeSubnets({ client: ec2(ctx) }, input), (p) => p.Subnets)) {
    const item: SubnetItem = { ...s };
    const rt = (s.SubnetId && explicit.get(s.SubnetId)) || (s.VpcId && main.get(s.VpcId));
    if (rt) item.routeTableId = rt;
    const acl = s.SubnetId && acls.get(s.SubnetId);
    if (acl) item.networkAclId = acl;
    yield item;
  }
}

export default defineCollector<SubnetItem>({
  id: 'aws-ec2-subnet',
  resourceType: 'aws.ec2.subnet',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPC subnets',
  permissions: ['ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeNetworkAcls'],
  triggers: [
    'CreateSubnet',
    'DeleteSubnet',
    'ModifySubnetAttribute',
    'AssociateRouteTable',
    'DisassociateRouteTable',
    'ReplaceRouteTableAssociation',
    'ReplaceNetworkAclAssociation',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.subnet', 'subnet', raw.SubnetId ?? '', raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(resource.id, 'uses-route-table', [raw.routeTableId && ec2Arn(ctx, 'route-table', raw.routeTableId)]),
        ...edges(resource.id, 'uses-network-acl', [raw.networkAclId && ec2Arn(ctx, 'network-acl', raw.networkAclId)]),
      ],
    };
  },
  fixtures: [
    {
      // Subnet from cloud-custodian test_asg_invalid_filter_bad (ec2.DescribeSubnets_1.json) with its resolved tables.
      name: 'subnet using its VPC main route table and the default ACL',
      raw: {
        VpcId: 'vpc-1',
        Tags: [],
        CidrBlock: '1.2.3.4/5',
        MapPublicIpOnLaunch: false,
        DefaultForAz: false,
        State: 'available',
        AvailabilityZone: 'us-west-2a',
        SubnetId: 'subnet-1',
        AvailableIpAddressCount: 26,
        routeTableId: 'rtb-309e3d5b',
        networkAclId: 'acl-5fb85d36',
      },
      context: { region: 'us-west-2' },
      expect: {
        id: 'arn:aws:ec2:us-west-2:123456789012:subnet/subnet-1',
        name: 'subnet-1',
        config: { MapPublicIpOnLaunch: false, routeTableId: 'rtb-309e3d5b' },
      },
      expectEdges: [
        { from: 'arn:aws:ec2:us-west-2:123456789012:subnet/subnet-1', kind: 'in-vpc', to: 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-1' },
        {
          from: 'arn:aws:ec2:us-west-2:123456789012:subnet/subnet-1',
          kind: 'uses-route-table',
          to: 'arn:aws:ec2:us-west-2:123456789012:route-table/rtb-309e3d5b',
        },
        {
          from: 'arn:aws:ec2:us-west-2:123456789012:subnet/subnet-1',
          kind: 'uses-network-acl',
          to: 'arn:aws:ec2:us-west-2:123456789012:network-acl/acl-5fb85d36',
        },
      ],
    },
  ],
});
