import { z } from 'zod';
import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { ageDays, rootRow } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-root-not-used-recently',
  title: 'Root user has not been used recently',
  description: 'Fails when the root password or a root access key was used within `days` (default 30) days.',
  provider: 'aws',
  resourceType: 'aws.iam.credential-report',
  severity: 'medium',
  risk: 'Routine use of root means its credentials are handled often and its actions escape IAM permission boundaries and SCP-style limits.',
  remediation: { text: 'Use IAM roles or Identity Center users for daily work; keep root for the few tasks that need it and monitor its use.' },
  compliance: [cis('1.6'), nist('AC-6(2)'), nist('AC-2'), pci('7.2.2')],
  params: z.object({ days: z.number().int().positive().default(30) }),
  evaluate(r, ctx) {
    const root = rootRow(r.config);
    if (!root) return notApplicable('credential report has no root row');
    const uses = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date']
      .map((k) => ({ what: k, days: ageDays(root[k], ctx.now) }))
      .filter((u) => u.days !== undefined && u.days <= ctx.params.days);
    return uses.length ? fail(`root was used ${Math.min(...uses.map((u) => u.days ?? 0))} day(s) ago`, { uses }) : pass();
  },
  fixtures: [
    fx('unused for a year', { rows: [{ user: '<root_account>', password_last_used: '2025-11-01T00:00:00Z', access_key_1_last_used_date: 'N/A' }] }, 'pass'),
    fx('signed in last week', { rows: [{ user: '<root_account>', password_last_used: '2026-11-20T09:00:00Z' }] }, 'fail'),
    fx('no root row', { rows: [] }, 'not-applicable'),
  ],
});
