import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-default-encryption-enabled',
  title: 'S3 bucket has default server-side encryption',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'medium',
  risk: 'Objects written without an encryption header are stored unencrypted.',
  remediation: { text: 'Set default encryption on the bucket (SSE-S3 at least, SSE-KMS for sensitive data).' },
  compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
  needs: ['encryption'],
  evaluate(r) {
    const missing = missingHydrated(r, ['encryption']);
    if (missing) return missing;
    const v = r.config.encryption;
    return v && (v.Rules ?? []).some((x: any) => x.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
      ? pass({ encryption: v })
      : fail('bucket has no default encryption', { encryption: v ?? null });
  },
  fixtures: [
    fx('configured', { encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }, 'pass'),
    fx('not configured', { encryption: null }, 'fail'),
    fx('unreadable', { _errors: { encryption: 'access-denied' } }, 'error'),
  ],
});
