import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.sqs.queue',
  provider: 'aws',
  service: 'sqs',
  title: 'SQS queue',
  description: 'An SQS queue with its attributes and access policy.',
  scope: 'regional',
  summaryFields: ['KmsMasterKeyId', 'SqsManagedSseEnabled'],
});
