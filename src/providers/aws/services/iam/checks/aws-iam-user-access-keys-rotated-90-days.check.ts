import { z } from 'zod';
import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, notApplicable } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, ageDays, failIfAny, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-access-keys-rotated-90-days',
  title: 'Active IAM access keys are younger than 90 days',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'medium',
  risk: 'Old keys have had longer to leak into scripts, laptops and logs; rotation bounds how long a leaked key stays useful.',
  remediation: { text: 'Create a new key, move callers to it, then deactivate and delete the old one (or replace the user with a role).' },
  compliance: [cis('1.13'), nist('IA-5'), nist('IA-5(1)'), pci('8.3.9'), pci('8.6.3')],
  needs: ['accessKeys'],
  params: z.object({ days: z.number().int().positive().default(90) }),
  evaluate(r, ctx) {
    const missing = missingHydrated(r, ['accessKeys']);
    if (missing) return missing;
    const active = (r.config.accessKeys as Cfg[]).filter((k) => k.Status === 'Active');
    if (!active.length) return notApplicable('user has no active access keys');
    const old = active.map((k) => ({ id: k.AccessKeyId, days: ageDays(k.CreateDate, ctx.now) })).filter((k) => (k.days ?? 0) > ctx.params.days);
    return failIfAny(
      old,
      (l) => `${l.length} active access key(s) older than ${ctx.params.days} days`,
      (l) => ({ keys: l }),
    );
  },
  fixtures: [
    fx('recent key', { accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE1', Status: 'Active', CreateDate: '2026-10-01T00:00:00Z' }] }, 'pass'),
    fx('year-old key', { accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE2', Status: 'Active', CreateDate: '2025-10-01T00:00:00Z' }] }, 'fail'),
    fx('no keys', { accessKeys: [] }, 'not-applicable'),
    fx('keys unreadable', { _errors: { accessKeys: 'access-denied' } }, 'error'),
  ],
});
