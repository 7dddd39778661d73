import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ecs.task-definition',
  provider: 'aws',
  service: 'ecs',
  title: 'ECS task definition',
  description: 'The latest active revision of an ECS task definition family.',
  scope: 'regional',
  summaryFields: ['family', 'revision', 'networkMode'],
});
