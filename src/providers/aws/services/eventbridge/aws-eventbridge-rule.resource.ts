import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.eventbridge.rule',
  provider: 'aws',
  service: 'eventbridge',
  title: 'EventBridge rule',
  description: 'An EventBridge rule with its targets.',
  scope: 'regional',
  summaryFields: ['State', 'EventPattern'],
});
