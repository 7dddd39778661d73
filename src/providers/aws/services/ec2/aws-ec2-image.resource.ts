import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.image',
  provider: 'aws',
  service: 'ec2',
  title: 'AMI',
  description: 'A machine image owned by the account, with its launch permissions.',
  scope: 'regional',
  summaryFields: ['Name', 'Public', 'CreationDate'],
});
