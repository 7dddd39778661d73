import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.role',
  provider: 'aws',
  service: 'iam',
  title: 'IAM role',
  description: 'An IAM role with its trust policy, last use and policies.',
  scope: 'global',
  summaryFields: ['CreateDate', 'RoleLastUsed.LastUsedDate'],
});
