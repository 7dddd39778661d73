import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.oidc-provider',
  provider: 'aws',
  service: 'iam',
  title: 'OIDC provider',
  description: 'An IAM OpenID Connect identity provider.',
  scope: 'global',
  summaryFields: ['Url'],
});
