import { z } from 'zod';
import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, notApplicable } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, ageDays, failIfAny, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-access-keys-used-45-days',
  title: 'Active IAM access keys have been used in the last 45 days',
  description: 'A key never used counts from its creation date.',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'medium',
  risk: 'An unused active key is a credential nobody watches; if it leaks, its use stands out to no one.',
  remediation: { text: 'Deactivate, then delete, access keys unused for 45 days (aws iam update-access-key --status Inactive).' },
  compliance: [cis('1.11'), nist('AC-2'), nist('AC-2(3)'), nist('IA-5'), pci('8.2.6')],
  needs: ['accessKeys'],
  params: z.object({ days: z.number().int().positive().default(45) }),
  evaluate(r, ctx) {
    const missing = missingHydrated(r, ['accessKeys']);
    if (missing) return missing;
    const active = (r.config.accessKeys as Cfg[]).filter((k) => k.Status === 'Active');
    if (!active.length) return notApplicable('user has no active access keys');
    const stale = active
      .map((k) => ({ id: k.AccessKeyId, days: ageDays(k.LastUsed?.LastUsedDate ?? k.CreateDate, ctx.now) }))
      .filter((k) => (k.days ?? 0) > ctx.params.days);
    return failIfAny(
      stale,
      (l) => `${l.length} active access key(s) unused for more than ${ctx.params.days} days`,
      (l) => ({ keys: l }),
    );
  },
  fixtures: [
    fx(
      'key used today',
      {
        accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE1', Status: 'Active', CreateDate: '2025-01-01T00:00:00Z', LastUsed: { LastUsedDate: '2026-11-26T00:00:00Z' } }],
      },
      'pass',
    ),
    fx(
      'key unused since spring',
      {
        accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE2', Status: 'Active', CreateDate: '2025-01-01T00:00:00Z', LastUsed: { LastUsedDate: '2026-04-01T00:00:00Z' } }],
      },
      'fail',
    ),
    fx('never used old key', { accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE3', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' }] }, 'fail'),
    fx('only inactive keys', { accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE4', Status: 'Inactive', CreateDate: '2020-01-01T00:00:00Z' }] }, 'not-applicable'),
    fx('keys unreadable', { _errors: { accessKeys: 'access-denied' } }, 'error'),
  ],
});
