import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.elb.load-balancer',
  provider: 'aws',
  service: 'elb',
  title: 'Classic load balancer',
  description: 'A classic load balancer with its listeners, attributes and policies.',
  scope: 'regional',
  summaryFields: ['Scheme', 'DNSName'],
});
