import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.user',
  provider: 'aws',
  service: 'iam',
  title: 'IAM user',
  description: 'An IAM user with login profile, MFA devices, access keys, policies and groups.',
  scope: 'global',
  summaryFields: ['CreateDate', 'PasswordLastUsed'],
});
