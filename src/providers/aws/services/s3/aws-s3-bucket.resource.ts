import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.s3.bucket',
  provider: 'aws',
  service: 's3',
  title: 'S3 bucket',
  description: 'An S3 bucket with its policy, ACL, public access block, encryption, versioning, logging, ownership, lifecycle, object lock and replication.',
  scope: 'regional',
  summaryFields: ['Region', 'CreationDate'],
});
