import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-ebs-default-encryption-enabled',
  title: 'EBS encryption by default is enabled in the region',
  provider: 'aws',
  resourceType: 'aws.ec2.ebs-default-encryption',
  severity: 'medium',
  risk: 'New volumes and snapshot copies in this region are created unencrypted unless every caller remembers to ask for encryption.',
  remediation: { text: 'Enable EBS encryption by default in every region (aws ec2 enable-ebs-encryption-by-default), optionally with a customer managed key.' },
  compliance: [cis('5.1.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
  evaluate: (r) => (r.config.EbsEncryptionByDefault === true ? pass({ kmsKeyId: r.config.KmsKeyId }) : fail('EBS encryption by default is off in this region')),
  fixtures: [fx('enabled', { EbsEncryptionByDefault: true, KmsKeyId: 'alias/aws/ebs' }, 'pass'), fx('disabled', { EbsEncryptionByDefault: false }, 'fail')],
});
