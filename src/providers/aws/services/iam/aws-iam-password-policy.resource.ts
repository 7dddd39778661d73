import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.password-policy',
  provider: 'aws',
  service: 'iam',
  title: 'IAM password policy',
  description: 'The account password policy (null config when none is set).',
  scope: 'global',
  summaryFields: ['MinimumPasswordLength', 'RequireSymbols', 'MaxPasswordAge'],
});
