import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.cloudtrail.trail',
  provider: 'aws',
  service: 'cloudtrail',
  title: 'CloudTrail trail',
  description: 'A CloudTrail trail with its status and event selectors.',
  scope: 'regional',
  summaryFields: ['IsMultiRegionTrail', 'LogFileValidationEnabled', 'S3BucketName'],
});
