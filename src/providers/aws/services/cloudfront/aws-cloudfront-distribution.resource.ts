import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.cloudfront.distribution',
  provider: 'aws',
  service: 'cloudfront',
  title: 'CloudFront distribution',
  description: 'A CloudFront distribution with its configuration.',
  scope: 'global',
  summaryFields: ['DomainName', 'Enabled', 'ViewerCertificate.MinimumProtocolVersion'],
});
