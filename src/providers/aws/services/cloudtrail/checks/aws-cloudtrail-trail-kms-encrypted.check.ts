import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-kms-encrypted',
  title: 'CloudTrail trail logs are encrypted with a KMS key',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'medium',
  risk: 'Logs encrypted only with SSE-S3 can be read by anyone with read access to the bucket; a KMS key adds a second, audited permission.',
  remediation: {
    text: 'Configure the trail to use SSE-KMS with a customer managed key whose policy allows CloudTrail to encrypt and your auditors to decrypt.',
  },
  compliance: [cis('3.5'), nist('AU-9'), nist('SC-28'), nist('SC-28(1)'), pci('10.3.2'), pci('3.5.1')],
  evaluate: (r) => (r.config.KmsKeyId ? pass() : fail('trail logs are not encrypted with KMS')),
  fixtures: [
    fx('compliant trail', { Name: 't', KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }, 'pass'),
    fx('non-compliant trail', { Name: 't' }, 'fail'),
  ],
});
