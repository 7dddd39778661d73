import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.subnet',
  provider: 'aws',
  service: 'ec2',
  title: 'Subnet',
  description: 'A VPC subnet.',
  scope: 'regional',
  summaryFields: ['CidrBlock', 'AvailabilityZone', 'MapPublicIpOnLaunch'],
});
