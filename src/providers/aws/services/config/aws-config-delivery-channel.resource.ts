import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.config.delivery-channel',
  provider: 'aws',
  service: 'config',
  title: 'Config delivery channel',
  description: 'An AWS Config delivery channel.',
  scope: 'regional',
  summaryFields: ['s3BucketName'],
});
