import { DescribeTaskDefinitionCommand, paginateListTaskDefinitionFamilies, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, itemsOf, orNull, record } from '../common.js';
import { ecs } from './ecs.js';

type TaskDef = TaskDefinition & { tags?: { key?: string; value?: string }[] };

/** The latest ACTIVE revision of each family: older revisions are history, not inventory. */
async function* latest(ctx: CollectContext, families: AsyncIterable<string> | Iterable<string>): AsyncIterable<TaskDef> {
  for await (const taskDefinition of families) {
    const r = await orNull(() => ecs(ctx).send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] })), ['ClientException']);
    if (r?.taskDefinition) yield { ...r.taskDefinition, tags: r.tags ?? [] };
  }
}

export default defineCollector<TaskDef>({
  id: 'aws-ecs-task-definition',
  resourceType: 'aws.ecs.task-definition',
  provider: 'aws',
  service: 'ecs',
  scope: 'regional',
  title: 'ECS task definitions (latest active revision per family)',
  permissions: ['ecs:ListTaskDefinitionFamilies', 'ecs:DescribeTaskDefinition'],
  triggers: ['RegisterTaskDefinition', 'DeregisterTaskDefinition', 'DeleteTaskDefinitions'],
  list: (ctx) =>
    latest(
      ctx,
      itemsOf(paginateListTaskDefinitionFamilies({ client: ecs(ctx) }, { status: 'ACTIVE' }), (p) => p.families),
    ),
  refresh: (ids, ctx) =>
    latest(
      ctx,
      ids.map((i) => (i.split('task-definition/')[1] ?? i).replace(/:\d+$/, '')),
    ),
  toResource(raw, hydrated, ctx) {
    const id = raw.taskDefinitionArn ?? '';
    const { tags, ...item } = raw;
    const resource = record(ctx, {
      type: 'aws.ecs.task-definition',
      id,
      name: `${raw.family}:${raw.revision}`,
      tags: flatTags(tags),
      config: configOf(item, hydrated),
    });
    return { resource, edges: [...edges(id, 'has-role', [raw.taskRoleArn]), ...edges(id, 'has-execution-role', [raw.executionRoleArn])] };
  },
  fixtures: [
    {
      // From cloud-custodian test_ecs_task_def_delete (DescribeTaskDefinition_2), with a secret in the environment.
      name: 'postgres task with a password in its environment',
      raw: {
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:644160558196:task-definition/launch-me:2',
        containerDefinitions: [{ name: 'db', image: 'postgres:latest', essential: true, environment: [{ name: 'POSTGRES_PASSWORD', value: 'hunter2' }] }],
        family: 'launch-me',
        taskRoleArn: 'arn:aws:iam::644160558196:role/ecsTaskExecutionRole',
        executionRoleArn: 'arn:aws:iam::644160558196:role/ecsTaskExecutionRole',
        networkMode: 'awsvpc',
        revision: 2,
        status: 'ACTIVE',
        tags: [],
      },
      expect: {
        id: 'arn:aws:ecs:us-east-1:644160558196:task-definition/launch-me:2',
        name: 'launch-me:2',
        config: { containerDefinitions: [{ environment: [{ name: 'POSTGRES_PASSWORD' }] }] },
      },
      expectEdges: [
        { from: 'arn:aws:ecs:us-east-1:644160558196:task-definition/launch-me:2', kind: 'has-role', to: 'arn:aws:iam::644160558196:role/ecsTaskExecutionRole' },
      ],
    },
  ],
});
