import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.snapshot',
  provider: 'aws',
  service: 'ec2',
  title: 'EBS snapshot',
  description: 'An EBS snapshot owned by the account, with who may create volumes from it.',
  scope: 'regional',
  summaryFields: ['VolumeSize', 'Encrypted', 'StartTime'],
});
