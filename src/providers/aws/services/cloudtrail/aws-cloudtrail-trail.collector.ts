import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, kmsKeyArn, record } from '../common.js';

const ct = (ctx: CollectContext) => ctx.client(CloudTrailClient);

/**
 * Trails whose home is this region: a multi-region trail then appears once, from its home region,
 * not once per region as a "shadow" copy.
 */
async function* describe(ctx: CollectContext, ids?: readonly string[]): AsyncIterable<Trail> {
  const r = await ct(ctx).send(new DescribeTrailsCommand({ includeShadowTrails: false, ...(ids ? { trailNameList: [...ids] } : {}) }));
  yield* r.trailList ?? [];
}

export default defineCollector<Trail>({
  id: 'aws-cloudtrail-trail',
  resourceType: 'aws.cloudtrail.trail',
  provider: 'aws',
  service: 'cloudtrail',
  scope: 'regional',
  title: 'CloudTrail trails',
  permissions: ['cloudtrail:DescribeTrails'],
  triggers: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors', 'PutInsightSelectors', 'AddTags', 'RemoveTags'],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    status: {
      permissions: ['cloudtrail:GetTrailStatus'],
      async fetch(raw, ctx) {
        const { $metadata: _, ...status } = await ct(ctx).send(new GetTrailStatusCommand({ Name: raw.TrailARN }));
        return status;
      },
    },
    eventSelectors: {
      permissions: ['cloudtrail:GetEventSelectors'],
      async fetch(raw, ctx) {
        const r = await ct(ctx).send(new GetEventSelectorsCommand({ TrailName: raw.TrailARN }));
        return { EventSelectors: r.EventSelectors ?? [], AdvancedEventSelectors: r.AdvancedEventSelectors ?? [] };
      },
    },
    tags: {
      permissions: ['cloudtrail:ListTags'],
      fetch: async (raw, ctx) => (await ct(ctx).send(new ListTagsCommand({ ResourceIdList: [raw.TrailARN ?? ''] }))).ResourceTagList?.[0]?.TagsList ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.TrailARN ?? '';
    const resource = record(ctx, {
      type: 'aws.cloudtrail.trail',
      id,
      name: raw.Name,
      region: raw.HomeRegion ?? ctx.region,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
    return {
      resource,
      edges: [
        ...edges(id, 'logs-to', [raw.S3BucketName && `arn:${ctx.partition}:s3:::${raw.S3BucketName}`, raw.CloudWatchLogsLogGroupArn?.replace(/:\*$/, '')]),
        ...edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_cloudtrail_success_management_advanced_events_included (DescribeTrails_1, GetTrailStatus_1).
      name: 'multi-region trail to S3 and CloudWatch Logs, without log file validation',
      raw: {
        Name: 'test-cloudtrail',
        S3BucketName: 'test-bucket',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: true,
        HomeRegion: 'us-east-1',
        TrailARN: 'arn:aws:cloudtrail:us-east-1:644160558196:trail/test-cloudtrail',
        LogFileValidationEnabled: false,
        CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:644160558196:log-group:test_log_group:*',
        CloudWatchLogsRoleArn: 'arn:aws:iam::644160558196:role/test_role',
        HasCustomEventSelectors: true,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      },
      hydrated: {
        status: { IsLogging: true },
        eventSelectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }], AdvancedEventSelectors: [] },
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:cloudtrail:us-east-1:644160558196:trail/test-cloudtrail',
        name: 'test-cloudtrail',
        config: { IsMultiRegionTrail: true, LogFileValidationEnabled: false, status: { IsLogging: true } },
      },
      expectEdges: [
        { from: 'arn:aws:cloudtrail:us-east-1:644160558196:trail/test-cloudtrail', kind: 'logs-to', to: 'arn:aws:s3:::test-bucket' },
        {
          from: 'arn:aws:cloudtrail:us-east-1:644160558196:trail/test-cloudtrail',
          kind: 'logs-to',
          to: 'arn:aws:logs:us-east-1:644160558196:log-group:test_log_group',
        },
      ],
    },
  ],
});
