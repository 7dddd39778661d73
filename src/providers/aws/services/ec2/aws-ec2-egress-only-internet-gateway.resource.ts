import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.egress-only-internet-gateway',
  provider: 'aws',
  service: 'ec2',
  title: 'Egress-only internet gateway',
  description: 'An IPv6 egress-only internet gateway.',
  scope: 'regional',
  summaryFields: ['EgressOnlyInternetGatewayId'],
});
