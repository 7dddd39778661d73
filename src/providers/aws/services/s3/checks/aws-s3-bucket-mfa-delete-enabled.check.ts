import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-mfa-delete-enabled',
  title: 'S3 bucket requires MFA to delete versions',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'low',
  risk: 'Anyone with delete permissions can permanently remove object versions and change the versioning state.',
  remediation: { text: 'Enable MFA Delete on the bucket (root user, aws s3api put-bucket-versioning --mfa …).' },
  compliance: [cis('2.1.2'), nist('CP-9'), nist('IA-2(1)'), pci('10.3.2')],
  needs: ['versioning'],
  evaluate(r) {
    const missing = missingHydrated(r, ['versioning']);
    if (missing) return missing;
    const v = r.config.versioning;
    return v?.MFADelete === 'Enabled' ? pass({ versioning: v }) : fail('MFA Delete is not enabled', { versioning: v ?? null });
  },
  fixtures: [
    fx('configured', { versioning: { Status: 'Enabled', MFADelete: 'Enabled' } }, 'pass'),
    fx('not configured', { versioning: { Status: 'Enabled', MFADelete: 'Disabled' } }, 'fail'),
    fx('unreadable', { _errors: { versioning: 'access-denied' } }, 'error'),
  ],
});
