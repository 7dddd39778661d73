import { type EgressOnlyInternetGateway, paginateDescribeEgressOnlyInternetGateways } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(
    paginateDescribeEgressOnlyInternetGateways({ client: ec2(ctx) }, ids ? { Filters: idFilter('egress-only-internet-gateway-id', ids) } : {}),
    (p) => p.EgressOnlyInternetGateways,
  );

export default defineCollector<EgressOnlyInternetGateway>({
  id: 'aws-ec2-egress-only-internet-gateway',
  resourceType: 'aws.ec2.egress-only-internet-gateway',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Egress-only internet gateways',
  permissions: ['ec2:DescribeEgressOnlyInternetGateways'],
  triggers: ['CreateEgressOnlyInternetGateway', 'DeleteEgressOnlyInternetGateway', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(
      ctx,
      'aws.ec2.egress-only-internet-gateway',
      'egress-only-internet-gateway',
      raw.EgressOnlyInternetGatewayId ?? '',
      raw,
      hydrated,
    );
    return {
      resource,
      edges: edges(
        resource.id,
        'in-vpc',
        (raw.Attachments ?? []).map((a) => a.VpcId && ec2Arn(ctx, 'vpc', a.VpcId)),
      ),
    };
  },
  fixtures: [
    {
      name: 'gateway attached to an IPv6 VPC',
      raw: { Attachments: [{ State: 'attached', VpcId: 'vpc-0a6e1b8c' }], EgressOnlyInternetGatewayId: 'eigw-015e0e244e24dfe8a', Tags: [] },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:egress-only-internet-gateway/eigw-015e0e244e24dfe8a', name: 'eigw-015e0e244e24dfe8a' },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:egress-only-internet-gateway/eigw-015e0e244e24dfe8a',
          kind: 'in-vpc',
          to: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a6e1b8c',
        },
      ],
    },
  ],
});
