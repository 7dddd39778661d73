import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.server-certificate',
  provider: 'aws',
  service: 'iam',
  title: 'Server certificate',
  description: 'An IAM server certificate.',
  scope: 'global',
  summaryFields: ['Expiration'],
});
