import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.key-pair',
  provider: 'aws',
  service: 'ec2',
  title: 'Key pair',
  description: 'An EC2 SSH key pair.',
  scope: 'regional',
  summaryFields: ['KeyName', 'KeyType'],
});
