import { CloudWatchLogsClient, type LogGroup, paginateDescribeLogGroups, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, edges, itemsOf, kmsKeyArn, record } from '../common.js';

const logs = (ctx: CollectContext) => ctx.client(CloudWatchLogsClient);

/** The log group's ARN without the `:*` that DescribeLogGroups appends to `arn`. */
export const logGroupId = (g: LogGroup): string => g.logGroupArn ?? (g.arn ?? '').replace(/:\*$/, '');

export default defineCollector<LogGroup>({
  id: 'aws-logs-log-group',
  resourceType: 'aws.logs.log-group',
  provider: 'aws',
  service: 'logs',
  scope: 'regional',
  title: 'CloudWatch Logs log groups',
  permissions: ['logs:DescribeLogGroups'],
  triggers: [
    'CreateLogGroup',
    'DeleteLogGroup',
    'PutRetentionPolicy',
    'DeleteRetentionPolicy',
    'AssociateKmsKey',
    'DisassociateKmsKey',
    'PutMetricFilter',
    'DeleteMetricFilter',
  ],
  list: (ctx) => itemsOf(paginateDescribeLogGroups({ client: logs(ctx) }, {}), (p) => p.logGroups),
  async *refresh(ids, ctx) {
    // Log group names contain slashes, so the name is everything after `log-group:` in an ARN.
    for (const id of ids) {
      const name = id.includes(':log-group:') ? id.split(':log-group:')[1]!.replace(/:\*$/, '') : id;
      for await (const g of itemsOf(paginateDescribeLogGroups({ client: logs(ctx) }, { logGroupNamePrefix: name }), (p) => p.logGroups))
        if (g.logGroupName === name) yield g;
    }
  },
  hydrate: {
    metricFilters: {
      permissions: ['logs:DescribeMetricFilters'],
      fetch: (raw, ctx) =>
        collectAll(itemsOf(paginateDescribeMetricFilters({ client: logs(ctx) }, { logGroupName: raw.logGroupName }), (p) => p.metricFilters)),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = logGroupId(raw);
    const resource = record(ctx, { type: 'aws.logs.log-group', id, name: raw.logGroupName, config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.kmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_log_group_kms_filter (DescribeLogGroups_1); metric filter from test_log_group_log_metric_filter_alarm.
      name: 'KMS-encrypted group without retention, one metric filter',
      raw: {
        logGroupName: 'test',
        metricFilterCount: 1,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:test:*',
        storedBytes: 0,
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/beedfd51-5158-44ae-a95f-d514f61abfb3',
      },
      hydrated: {
        metricFilters: [
          {
            filterName: 'EventCount2',
            filterPattern: ' ',
            metricTransformations: [{ metricName: 'TestCount2', metricNamespace: 'TestNamespace', metricValue: '1' }],
            logGroupName: 'test',
          },
        ],
      },
      expect: {
        id: 'arn:aws:logs:us-east-1:123456789012:log-group:test',
        name: 'test',
        config: { metricFilterCount: 1, metricFilters: [{ filterName: 'EventCount2' }] },
      },
      expectEdges: [
        {
          from: 'arn:aws:logs:us-east-1:123456789012:log-group:test',
          kind: 'encrypted-with',
          to: 'arn:aws:kms:us-east-1:123456789012:key/beedfd51-5158-44ae-a95f-d514f61abfb3',
        },
      ],
    },
  ],
});
