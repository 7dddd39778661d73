import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.saml-provider',
  provider: 'aws',
  service: 'iam',
  title: 'SAML provider',
  description: 'An IAM SAML identity provider.',
  scope: 'global',
  summaryFields: ['ValidUntil'],
});
