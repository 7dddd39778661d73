import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.route53resolver.query-log-config',
  provider: 'aws',
  service: 'route53resolver',
  title: 'Resolver query-log configuration',
  description: 'A Route 53 Resolver query-logging configuration and its VPC associations.',
  scope: 'regional',
  summaryFields: ['DestinationArn', 'AssociationCount'],
});
