import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ecs.cluster',
  provider: 'aws',
  service: 'ecs',
  title: 'ECS cluster',
  description: 'An ECS cluster.',
  scope: 'regional',
  summaryFields: ['status', 'runningTasksCount'],
});
