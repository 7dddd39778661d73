import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.dynamodb.table',
  provider: 'aws',
  service: 'dynamodb',
  title: 'DynamoDB table',
  description: 'A DynamoDB table with its point-in-time recovery state.',
  scope: 'regional',
  summaryFields: ['TableStatus', 'SSEDescription.Status'],
});
