import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-access-logging-enabled',
  title: 'S3 bucket has server access logging enabled',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'low',
  risk: 'Without access logs there is no record of who read or changed objects, which rules out investigating a leak.',
  remediation: { text: 'Enable server access logging to a dedicated log bucket (or CloudTrail data events).' },
  compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
  needs: ['logging'],
  evaluate(r) {
    const missing = missingHydrated(r, ['logging']);
    if (missing) return missing;
    const v = r.config.logging;
    return v?.TargetBucket ? pass({ logging: v }) : fail('server access logging is disabled', { logging: v ?? null });
  },
  fixtures: [
    fx('configured', { logging: { TargetBucket: 'logs', TargetPrefix: 'b/' } }, 'pass'),
    fx('not configured', { logging: null }, 'fail'),
    fx('unreadable', { _errors: { logging: 'access-denied' } }, 'error'),
  ],
});
