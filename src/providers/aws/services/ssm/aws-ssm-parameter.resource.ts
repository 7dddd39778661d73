import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ssm.parameter',
  provider: 'aws',
  service: 'ssm',
  title: 'SSM parameter',
  description: 'Parameter Store metadata (never the value).',
  scope: 'regional',
  summaryFields: ['Type', 'LastModifiedDate'],
});
