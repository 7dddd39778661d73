import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.elbv2.load-balancer',
  provider: 'aws',
  service: 'elbv2',
  title: 'Application/Network load balancer',
  description: 'An ALB/NLB/GWLB with its listeners (TLS policies) and attributes.',
  scope: 'regional',
  summaryFields: ['Type', 'Scheme', 'DNSName'],
});
