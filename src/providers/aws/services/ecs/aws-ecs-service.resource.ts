import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ecs.service',
  provider: 'aws',
  service: 'ecs',
  title: 'ECS service',
  description: 'An ECS service with its network configuration.',
  scope: 'regional',
  summaryFields: ['launchType', 'desiredCount'],
});
