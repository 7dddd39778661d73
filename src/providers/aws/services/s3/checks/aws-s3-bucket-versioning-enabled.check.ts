import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-versioning-enabled',
  title: 'S3 bucket has versioning enabled',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'medium',
  risk: 'Without versioning an overwrite or delete (by mistake or by ransomware) destroys the only copy.',
  remediation: { text: 'Enable versioning on the bucket and add lifecycle rules for old versions.' },
  compliance: [nist('CP-9'), nist('CP-10'), nist('SI-12'), pci('10.3.3')],
  needs: ['versioning'],
  evaluate(r) {
    const missing = missingHydrated(r, ['versioning']);
    if (missing) return missing;
    const v = r.config.versioning;
    return v?.Status === 'Enabled' ? pass({ versioning: v }) : fail('versioning is not enabled', { versioning: v ?? null });
  },
  fixtures: [
    fx('configured', { versioning: { Status: 'Enabled' } }, 'pass'),
    fx('not configured', { versioning: { Status: 'Suspended' } }, 'fail'),
    fx('unreadable', { _errors: { versioning: 'access-denied' } }, 'error'),
  ],
});
