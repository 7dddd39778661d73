import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.vpc-endpoint',
  provider: 'aws',
  service: 'ec2',
  title: 'VPC endpoint',
  description: 'A VPC endpoint with its policy.',
  scope: 'regional',
  summaryFields: ['ServiceName', 'VpcEndpointType', 'State'],
});
