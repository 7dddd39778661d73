import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.route53.hosted-zone',
  provider: 'aws',
  service: 'route53',
  title: 'Route 53 hosted zone',
  description: 'A Route 53 hosted zone.',
  scope: 'global',
  summaryFields: ['Name', 'Config.PrivateZone'],
});
