import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.sns.topic',
  provider: 'aws',
  service: 'sns',
  title: 'SNS topic',
  description: 'An SNS topic with its attributes and access policy.',
  scope: 'regional',
  summaryFields: ['KmsMasterKeyId'],
});
