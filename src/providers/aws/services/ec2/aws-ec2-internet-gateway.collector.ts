import { type InternetGateway, paginateDescribeInternetGateways } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeInternetGateways({ client: ec2(ctx) }, ids ? { Filters: idFilter('internet-gateway-id', ids) } : {}), (p) => p.InternetGateways);

export default defineCollector<InternetGateway>({
  id: 'aws-ec2-internet-gateway',
  resourceType: 'aws.ec2.internet-gateway',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Internet gateways',
  permissions: ['ec2:DescribeInternetGateways'],
  triggers: ['CreateInternetGateway', 'DeleteInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.internet-gateway', 'internet-gateway', raw.InternetGatewayId ?? '', raw, hydrated);
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
      // From cloud-custodian test_internet_gateways_delete (ec2.DescribeInternetGateways_1.json), with an attachment.
      name: 'gateway attached to a VPC',
      raw: {
        Attachments: [{ State: 'attached', VpcId: 'vpc-0d2d9a7a' }],
        InternetGatewayId: 'igw-0063799594bfb34d3',
        OwnerId: '123456789123',
        Tags: [{ Key: 'Name', Value: 'c7n-test' }],
      },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0063799594bfb34d3', name: 'c7n-test' },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0063799594bfb34d3',
          kind: 'in-vpc',
          to: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0d2d9a7a',
        },
      ],
    },
  ],
});
