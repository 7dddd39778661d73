import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.vpc',
  provider: 'aws',
  service: 'ec2',
  title: 'VPC',
  description: 'A virtual private cloud, with its flow-log configurations.',
  scope: 'regional',
  summaryFields: ['CidrBlock', 'IsDefault', 'State'],
});
