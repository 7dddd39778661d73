import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.lambda.function',
  provider: 'aws',
  service: 'lambda',
  title: 'Lambda function',
  description: 'A Lambda function with its configuration, environment, resource policy, URL config and event sources.',
  scope: 'regional',
  summaryFields: ['Runtime', 'Role', 'LastModified'],
});
