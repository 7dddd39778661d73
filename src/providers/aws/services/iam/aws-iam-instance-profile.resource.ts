import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.instance-profile',
  provider: 'aws',
  service: 'iam',
  title: 'IAM instance profile',
  description: 'An instance profile and its role.',
  scope: 'global',
  summaryFields: ['CreateDate'],
});
