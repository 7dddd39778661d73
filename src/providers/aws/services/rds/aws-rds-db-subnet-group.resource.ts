import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-subnet-group',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB subnet group',
  description: 'The subnets (and so the VPC and route tables) an RDS database may be placed in.',
  scope: 'regional',
  summaryFields: ['VpcId', 'SubnetGroupStatus'],
});
