import { type Cluster, DescribeClustersCommand, paginateListClusters } from '@aws-sdk/client-ecs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { chunks, collectAll, configOf, flatTags, itemsOf, record } from '../common.js';
import { ECS_TAG_TRIGGERS, ecs } from './ecs.js';

async function* describe(ctx: CollectContext, arns: string[]): AsyncIterable<Cluster> {
  for (const batch of chunks(arns, 100))
    yield* (await ecs(ctx).send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS'] }))).clusters ?? [];
}

export default defineCollector<Cluster>({
  id: 'aws-ecs-cluster',
  resourceType: 'aws.ecs.cluster',
  provider: 'aws',
  service: 'ecs',
  scope: 'regional',
  title: 'ECS clusters',
  permissions: ['ecs:ListClusters', 'ecs:DescribeClusters'],
  triggers: ['CreateCluster', 'DeleteCluster', 'UpdateCluster', 'UpdateClusterSettings', ...ECS_TAG_TRIGGERS],
  list: async function* (ctx) {
    yield* describe(ctx, await collectAll(itemsOf(paginateListClusters({ client: ecs(ctx) }, {}), (p) => p.clusterArns)));
  },
  refresh: (ids, ctx) => describe(ctx, [...ids]),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.ecs.cluster',
      id: raw.clusterArn ?? '',
      name: raw.clusterName,
      tags: flatTags(raw.tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_ecs_task_def_filter (DescribeClusters_1).
      name: 'default cluster running four tasks',
      raw: {
        clusterArn: 'arn:aws:ecs:us-east-1:644160558196:cluster/Default',
        clusterName: 'Default',
        status: 'ACTIVE',
        registeredContainerInstancesCount: 0,
        runningTasksCount: 4,
        activeServicesCount: 1,
        statistics: [],
      },
      expect: { id: 'arn:aws:ecs:us-east-1:644160558196:cluster/Default', name: 'Default', config: { runningTasksCount: 4 } },
    },
  ],
});
