import { type FlowLog, paginateDescribeFlowLogs } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeFlowLogs({ client: ec2(ctx) }, ids ? { Filter: idFilter('flow-log-id', ids) } : {}), (p) => p.FlowLogs);

export default defineCollector<FlowLog>({
  id: 'aws-ec2-flow-log',
  resourceType: 'aws.ec2.flow-log',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPC flow-log configurations',
  permissions: ['ec2:DescribeFlowLogs'],
  triggers: ['CreateFlowLogs', 'DeleteFlowLogs', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    return { resource: ec2Record(ctx, 'aws.ec2.flow-log', 'vpc-flow-log', raw.FlowLogId ?? '', raw, hydrated) };
  },
  fixtures: [
    {
      // From cloud-custodian test_vpc_set_flow_logs_maxaggrinterval (ec2.DescribeFlowLogs_2.json).
      name: 'active flow log of a VPC to S3',
      raw: {
        CreationTime: new Date('2020-03-16T17:23:17Z'),
        DeliverLogsStatus: 'SUCCESS',
        FlowLogId: 'fl-0bb8640b899a159d7',
        FlowLogStatus: 'ACTIVE',
        ResourceId: 'vpc-d2d616b5',
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::c7n-vpc-flow-logs/test.log.gz',
        Tags: [],
        MaxAggregationInterval: 60,
      },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-0bb8640b899a159d7', config: { ResourceId: 'vpc-d2d616b5', TrafficType: 'ALL' } },
    },
  ],
});
