import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.vpc-peering-connection',
  provider: 'aws',
  service: 'ec2',
  title: 'VPC peering connection',
  description: 'A VPC peering connection between two VPCs.',
  scope: 'regional',
  summaryFields: ['Status.Code'],
});
