import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.volume',
  provider: 'aws',
  service: 'ec2',
  title: 'EBS volume',
  description: 'An EBS volume, its encryption and attachments.',
  scope: 'regional',
  summaryFields: ['Size', 'VolumeType', 'Encrypted', 'State'],
});
