import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecr-repository-kms-encrypted',
    title: 'ECR repository is encrypted with a KMS key',
    resourceType: 'aws.ecr.repository',
    severity: 'low',
    risk: 'Images encrypted with the default AES256 key cannot have key use audited or revoked.',
    remediation: 'Create the repository with KMS encryption (encryption settings are fixed at creation; recreate and push again).',
    compliance: [nist('SC-28(1)'), nist('SC-12'), pci('3.5.1')],
    test: (c) => c.encryptionConfiguration?.encryptionType === 'KMS',
    problem: () => 'repository uses AES256, not KMS',
    good: { encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/k' } },
    bad: { encryptionConfiguration: { encryptionType: 'AES256' } },
  }),
);
