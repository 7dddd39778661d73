import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.route-table',
  provider: 'aws',
  service: 'ec2',
  title: 'Route table',
  description: 'A VPC route table with its routes and subnet associations.',
  scope: 'regional',
  summaryFields: ['VpcId'],
});
