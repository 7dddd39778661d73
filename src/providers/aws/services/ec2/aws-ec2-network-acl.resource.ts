import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.network-acl',
  provider: 'aws',
  service: 'ec2',
  title: 'Network ACL',
  description: 'A VPC network ACL with its entries.',
  scope: 'regional',
  summaryFields: ['VpcId', 'IsDefault'],
});
