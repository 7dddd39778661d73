import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ec2-ebs-default-encryption-enabled',
    title: 'EBS encryption by default is enabled in the region',
    resourceType: 'aws.ec2.ebs-default-encryption',
    severity: 'medium',
    risk: 'New volumes and snapshot copies in this region are created unencrypted unless every caller remembers to ask for encryption.',
    remediation: 'Enable EBS encryption by default in every region (aws ec2 enable-ebs-encryption-by-default), optionally with a customer managed key.',
    compliance: [cis('5.1.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.EbsEncryptionByDefault === true,
    problem: () => 'EBS encryption by default is off in this region',
    good: { EbsEncryptionByDefault: true, KmsKeyId: 'alias/aws/ebs' },
    bad: { EbsEncryptionByDefault: false },
  }),
);
