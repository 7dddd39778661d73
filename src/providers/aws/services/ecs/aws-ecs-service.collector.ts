import { DescribeServicesCommand, paginateListClusters, paginateListServices, type Service } from '@aws-sdk/client-ecs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { chunks, collectAll, configOf, ec2Arn, edges, flatTags, itemsOf, record } from '../common.js';
import { ecs } from './ecs.js';

/** Services live inside clusters; DescribeServices takes at most ten per call. */
async function* services(ctx: CollectContext): AsyncIterable<Service> {
  for await (const cluster of itemsOf(paginateListClusters({ client: ecs(ctx) }, {}), (p) => p.clusterArns)) {
    const arns = await collectAll(itemsOf(paginateListServices({ client: ecs(ctx) }, { cluster }), (p) => p.serviceArns));
    for (const batch of chunks(arns, 10))
      yield* (await ecs(ctx).send(new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }))).services ?? [];
  }
}

export default defineCollector<Service>({
  id: 'aws-ecs-service',
  resourceType: 'aws.ecs.service',
  provider: 'aws',
  service: 'ecs',
  scope: 'regional',
  title: 'ECS services',
  permissions: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  // No tag triggers: TagResource is shared by every service and this collector can only re-list.
  triggers: ['CreateService', 'UpdateService', 'DeleteService'],
  list: services,
  toResource(raw, hydrated, ctx) {
    const id = raw.serviceArn ?? '';
    const net = raw.networkConfiguration?.awsvpcConfiguration;
    const resource = record(ctx, { type: 'aws.ecs.service', id, name: raw.serviceName, tags: flatTags(raw.tags), config: configOf(raw, hydrated) });
    return {
      resource,
      edges: [
        ...edges(id, 'in-cluster', [raw.clusterArn]),
        ...edges(id, 'uses-task-definition', [raw.taskDefinition]),
        ...edges(
          id,
          'uses-security-group',
          (net?.securityGroups ?? []).map((g) => ec2Arn(ctx, 'security-group', g)),
        ),
        ...edges(
          id,
          'in-subnet',
          (net?.subnets ?? []).map((s) => ec2Arn(ctx, 'subnet', s)),
        ),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_ecs_service_delete (DescribeServices_2), with its awsvpc network configuration.
      name: 'Fargate service with a public IP',
      raw: {
        serviceArn: 'arn:aws:ecs:us-east-1:644160558196:service/web',
        serviceName: 'web',
        clusterArn: 'arn:aws:ecs:us-east-1:644160558196:cluster/Default',
        status: 'DRAINING',
        desiredCount: 0,
        runningCount: 2,
        launchType: 'FARGATE',
        taskDefinition: 'arn:aws:ecs:us-east-1:644160558196:task-definition/task-public-no-vpc:1',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-914763e7'], securityGroups: ['sg-web'], assignPublicIp: 'ENABLED' } },
      },
      context: { account: '644160558196' },
      expect: { name: 'web', config: { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } } },
      expectEdges: [
        {
          from: 'arn:aws:ecs:us-east-1:644160558196:service/web',
          kind: 'uses-task-definition',
          to: 'arn:aws:ecs:us-east-1:644160558196:task-definition/task-public-no-vpc:1',
        },
        { from: 'arn:aws:ecs:us-east-1:644160558196:service/web', kind: 'uses-security-group', to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-web' },
      ],
    },
  ],
});
