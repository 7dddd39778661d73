import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.security-group',
  provider: 'aws',
  service: 'ec2',
  title: 'Security group',
  description: 'A VPC security group with its inbound and outbound rules.',
  scope: 'regional',
  summaryFields: ['GroupName', 'VpcId', 'Description'],
});
