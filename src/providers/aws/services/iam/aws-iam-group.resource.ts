import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.group',
  provider: 'aws',
  service: 'iam',
  title: 'IAM group',
  description: 'An IAM group with its policies.',
  scope: 'global',
  summaryFields: ['CreateDate'],
});
