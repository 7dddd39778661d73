import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.sfn.state-machine',
  provider: 'aws',
  service: 'sfn',
  title: 'Step Functions state machine',
  description: 'A Step Functions state machine with its logging configuration.',
  scope: 'regional',
  summaryFields: ['type', 'loggingConfiguration.level'],
});
