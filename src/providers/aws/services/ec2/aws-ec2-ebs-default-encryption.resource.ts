import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.ebs-default-encryption',
  provider: 'aws',
  service: 'ec2',
  title: 'EBS default encryption',
  description: 'Whether new EBS volumes in this region are encrypted by default.',
  scope: 'regional',
  summaryFields: ['EbsEncryptionByDefault', 'KmsKeyId'],
});
