import { z } from 'zod';
import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { ageDays, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-console-password-used-45-days',
  title: 'IAM console password has been used in the last 45 days',
  description: 'A password never used counts from the day it was created.',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'medium',
  risk: 'A dormant console password is a standing way in that nobody would notice being used.',
  remediation: { text: 'Remove the console password (aws iam delete-login-profile) of users who no longer sign in.' },
  compliance: [cis('1.11'), nist('AC-2'), nist('AC-2(3)'), pci('8.2.6')],
  needs: ['loginProfile'],
  params: z.object({ days: z.number().int().positive().default(45) }),
  evaluate(r, ctx) {
    const missing = missingHydrated(r, ['loginProfile']);
    if (missing) return missing;
    if (!r.config.loginProfile) return notApplicable('user has no console password');
    const last = r.config.PasswordLastUsed ?? r.config.loginProfile.CreateDate ?? r.config.CreateDate;
    const days = ageDays(last, ctx.now);
    if (days === undefined) return pass();
    return days > ctx.params.days ? fail(`console password unused for ${days} days`, { lastUsed: r.config.PasswordLastUsed ?? null }) : pass({ days });
  },
  fixtures: [
    fx('used yesterday', { PasswordLastUsed: '2026-11-26T10:00:00Z', loginProfile: { CreateDate: '2025-01-01T00:00:00Z' } }, 'pass'),
    fx('unused for 100 days', { PasswordLastUsed: '2026-08-19T10:00:00Z', loginProfile: { CreateDate: '2025-01-01T00:00:00Z' } }, 'fail'),
    fx('never used, created a year ago', { loginProfile: { CreateDate: '2025-11-01T00:00:00Z' } }, 'fail'),
    fx('no console password', { loginProfile: null }, 'not-applicable'),
    fx('login profile unreadable', { _errors: { loginProfile: 'access-denied' } }, 'error'),
  ],
});
