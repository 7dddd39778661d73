import { z } from 'zod';
import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { ageDays, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-role-used-90-days',
  title: 'IAM role has been used in the last 90 days',
  provider: 'aws',
  resourceType: 'aws.iam.role',
  severity: 'low',
  risk: 'Unused roles keep their trust and permissions: forgotten access that an attacker can pick up unnoticed.',
  remediation: { text: 'Delete roles nobody assumes any more (service-linked roles excepted).' },
  compliance: [nist('AC-2'), nist('AC-2(3)'), pci('8.2.6')],
  needs: ['lastUsed'],
  params: z.object({ days: z.number().int().positive().default(90) }),
  evaluate(r, ctx) {
    const missing = missingHydrated(r, ['lastUsed']);
    if (missing) return missing;
    if (String(r.config.Path ?? '').startsWith('/aws-service-role/')) return notApplicable('service-linked role');
    const days = ageDays(r.config.lastUsed?.LastUsedDate ?? r.config.CreateDate, ctx.now);
    return days !== undefined && days > ctx.params.days ? fail(`role unused for ${days} days`, { lastUsed: r.config.lastUsed ?? null }) : pass({ days });
  },
  fixtures: [
    fx('used last week', { Path: '/', CreateDate: '2024-01-01T00:00:00Z', lastUsed: { LastUsedDate: '2026-11-20T00:00:00Z' } }, 'pass'),
    fx('never used since 2024', { Path: '/', CreateDate: '2024-01-01T00:00:00Z', lastUsed: {} }, 'fail'),
    fx('service-linked', { Path: '/aws-service-role/x/', CreateDate: '2020-01-01T00:00:00Z', lastUsed: {} }, 'not-applicable'),
    fx('last use unreadable', { Path: '/', _errors: { lastUsed: 'access-denied' } }, 'error'),
  ],
});
