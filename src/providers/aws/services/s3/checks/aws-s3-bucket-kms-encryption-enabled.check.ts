import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-kms-encryption-enabled',
  title: 'S3 bucket encrypts by default with KMS',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'low',
  risk: 'SSE-S3 keys are managed entirely by AWS: key use is not logged per request and access cannot be restricted with a key policy.',
  remediation: { text: 'Set default encryption to SSE-KMS with a customer managed key and enable S3 Bucket Keys.' },
  compliance: [nist('SC-12'), nist('SC-28(1)'), pci('3.5.1'), pci('3.6.1')],
  needs: ['encryption'],
  evaluate(r) {
    const missing = missingHydrated(r, ['encryption']);
    if (missing) return missing;
    const v = r.config.encryption;
    return v && (v.Rules ?? []).some((x: any) => String(x.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '').startsWith('aws:kms'))
      ? pass({ encryption: v })
      : fail('bucket is not encrypted with KMS by default', { encryption: v ?? null });
  },
  fixtures: [
    fx('configured', { encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } }] } }, 'pass'),
    fx('not configured', { encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }, 'fail'),
    fx('unreadable', { _errors: { encryption: 'access-denied' } }, 'error'),
  ],
});
