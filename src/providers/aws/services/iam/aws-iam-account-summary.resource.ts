import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.account-summary',
  provider: 'aws',
  service: 'iam',
  title: 'IAM account summary',
  description: 'IAM entity counts and account-level flags (root MFA, root keys).',
  scope: 'global',
  summaryFields: ['AccountMFAEnabled', 'AccountAccessKeysPresent'],
});
