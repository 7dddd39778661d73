import { CloudWatchClient, type MetricAlarm, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, idsFrom, itemsOf, record } from '../common.js';

const cw = (ctx: CollectContext) => ctx.client(CloudWatchClient);
const describe = (ctx: CollectContext, names?: string[]) =>
  itemsOf(paginateDescribeAlarms({ client: cw(ctx) }, { AlarmTypes: ['MetricAlarm'], ...(names ? { AlarmNames: names } : {}) }), (p) => p.MetricAlarms);

export default defineCollector<MetricAlarm>({
  id: 'aws-cloudwatch-alarm',
  resourceType: 'aws.cloudwatch.alarm',
  provider: 'aws',
  service: 'cloudwatch',
  scope: 'regional',
  title: 'CloudWatch metric alarms',
  permissions: ['cloudwatch:DescribeAlarms'],
  triggers: ['PutMetricAlarm', 'DeleteAlarms', 'EnableAlarmActions', 'DisableAlarmActions'],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, idsFrom(ids)),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, { type: 'aws.cloudwatch.alarm', id: raw.AlarmArn ?? '', name: raw.AlarmName, config: configOf(raw, hydrated) }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_log_group_log_metric_filter_alarm (monitoring.DescribeAlarms_1).
      name: 'alarm on a log metric without actions',
      raw: {
        AlarmName: 'TestAlarm',
        AlarmArn: 'arn:aws:cloudwatch:us-east-2:644160558196:alarm:TestAlarm',
        ActionsEnabled: true,
        AlarmActions: [],
        StateValue: 'INSUFFICIENT_DATA',
        MetricName: 'TestCount',
        Namespace: 'TestNamespace',
        Statistic: 'Sum',
        Period: 86400,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      },
      context: { region: 'us-east-2' },
      expect: { id: 'arn:aws:cloudwatch:us-east-2:644160558196:alarm:TestAlarm', name: 'TestAlarm', config: { MetricName: 'TestCount', AlarmActions: [] } },
    },
  ],
});
