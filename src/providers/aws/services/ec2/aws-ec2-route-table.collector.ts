import { paginateDescribeRouteTables, type Route, type RouteTable } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf, type Where } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeRouteTables({ client: ec2(ctx) }, ids ? { Filters: idFilter('route-table-id', ids) } : {}), (p) => p.RouteTables);

/** The resource a route sends traffic to, by the id prefix AWS uses for each kind of target. */
export function routeTarget(ctx: Where, r: Route): string | undefined {
  const g = r.GatewayId;
  if (g?.startsWith('igw-')) return ec2Arn(ctx, 'internet-gateway', g);
  if (g?.startsWith('vpce-')) return ec2Arn(ctx, 'vpc-endpoint', g);
  if (r.NatGatewayId) return ec2Arn(ctx, 'natgateway', r.NatGatewayId);
  if (r.EgressOnlyInternetGatewayId) return ec2Arn(ctx, 'egress-only-internet-gateway', r.EgressOnlyInternetGatewayId);
  if (r.VpcPeeringConnectionId) return ec2Arn(ctx, 'vpc-peering-connection', r.VpcPeeringConnectionId);
  if (r.TransitGatewayId) return ec2Arn(ctx, 'transit-gateway', r.TransitGatewayId);
  if (r.NetworkInterfaceId) return ec2Arn(ctx, 'network-interface', r.NetworkInterfaceId);
  return undefined;
}

export default defineCollector<RouteTable>({
  id: 'aws-ec2-route-table',
  resourceType: 'aws.ec2.route-table',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPC route tables',
  permissions: ['ec2:DescribeRouteTables'],
  triggers: [
    'CreateRouteTable',
    'DeleteRouteTable',
    'CreateRoute',
    'DeleteRoute',
    'ReplaceRoute',
    'AssociateRouteTable',
    'DisassociateRouteTable',
    'ReplaceRouteTableAssociation',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.route-table', 'route-table', raw.RouteTableId ?? '', raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(
          resource.id,
          'routes-to',
          (raw.Routes ?? []).map((r) => routeTarget(ctx, r)),
        ),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_peer_miss_route_filter_not_found (ec2.DescribeRouteTables_1.json).
      name: 'main route table with a default route to an internet gateway',
      raw: {
        Associations: [{ RouteTableAssociationId: 'rtbassoc-379e3d5c', Main: true, RouteTableId: 'rtb-309e3d5b' }],
        RouteTableId: 'rtb-309e3d5b',
        VpcId: 'vpc-399e3d52',
        PropagatingVgws: [],
        Tags: [],
        Routes: [
          { GatewayId: 'local', DestinationCidrBlock: '172.31.0.0/16', State: 'active', Origin: 'CreateRouteTable' },
          { GatewayId: 'igw-3d9e3d56', DestinationCidrBlock: '0.0.0.0/0', State: 'active', Origin: 'CreateRoute' },
        ],
      },
      expect: {
        id: 'arn:aws:ec2:us-east-1:123456789012:route-table/rtb-309e3d5b',
        config: { Routes: [{ GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0' }] },
      },
      expectEdges: [
        { from: 'arn:aws:ec2:us-east-1:123456789012:route-table/rtb-309e3d5b', kind: 'in-vpc', to: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-399e3d52' },
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:route-table/rtb-309e3d5b',
          kind: 'routes-to',
          to: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-3d9e3d56',
        },
      ],
    },
  ],
});
