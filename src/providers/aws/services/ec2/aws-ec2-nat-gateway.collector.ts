import { type NatGateway, paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

/** Deleted NAT gateways stay listed for an hour; like terminated instances they are gone. */
async function* describe(ctx: CollectContext, ids?: readonly string[]) {
  const input = ids ? { Filter: idFilter('nat-gateway-id', ids) } : {};
  for await (const n of itemsOf(paginateDescribeNatGateways({ client: ec2(ctx) }, input), (p) => p.NatGateways)) if (n.State !== 'deleted') yield n;
}

export default defineCollector<NatGateway>({
  id: 'aws-ec2-nat-gateway',
  resourceType: 'aws.ec2.nat-gateway',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'NAT gateways',
  permissions: ['ec2:DescribeNatGateways'],
  triggers: ['CreateNatGateway', 'DeleteNatGateway', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    // The ARN resource type of a NAT gateway is `natgateway`, without a dash.
    const resource = ec2Record(ctx, 'aws.ec2.nat-gateway', 'natgateway', raw.NatGatewayId ?? '', raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(resource.id, 'in-subnet', [raw.SubnetId && ec2Arn(ctx, 'subnet', raw.SubnetId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_nat_gateways_metrics_filter (ec2.DescribeNatGateways_1.json).
      name: 'available NAT gateway with a public address',
      raw: {
        CreateTime: new Date('2018-02-22T12:12:12Z'),
        NatGatewayAddresses: [{ AllocationId: 'eipalloc-12345678', NetworkInterfaceId: 'eni-aaaaaaaa', PrivateIp: '192.1.1.1', PublicIp: '8.8.8.8' }],
        NatGatewayId: 'nat-12345678901112134',
        State: 'available',
        SubnetId: 'subnet-12345678',
        VpcId: 'vpc-12345678',
        Tags: [{ Key: 'Name', Value: 'NAT\u00a0Gateway' }],
      },
      expect: {
        id: 'arn:aws:ec2:us-east-1:123456789012:natgateway/nat-12345678901112134',
        name: 'NAT\u00a0Gateway',
        config: { CreateTime: '2018-02-22T12:12:12.000Z' },
      },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:natgateway/nat-12345678901112134',
          kind: 'in-vpc',
          to: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-12345678',
        },
      ],
    },
  ],
});
