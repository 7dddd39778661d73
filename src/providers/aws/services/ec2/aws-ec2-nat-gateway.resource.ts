import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.nat-gateway',
  provider: 'aws',
  service: 'ec2',
  title: 'NAT gateway',
  description: 'A NAT gateway.',
  scope: 'regional',
  summaryFields: ['State', 'SubnetId', 'ConnectivityType'],
});
