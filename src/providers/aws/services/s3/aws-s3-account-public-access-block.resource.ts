import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.s3.account-public-access-block',
  provider: 'aws',
  service: 's3',
  title: 'S3 account public access block',
  description: 'The account-wide S3 Block Public Access settings.',
  scope: 'global',
  summaryFields: ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'],
});
