import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, notApplicable } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, failIfAny, missingHydrated } from '../../../checks-common.js';

/** Keys created within this window of the user count as "created during initial setup". */
const SETUP_WINDOW_MS = 10 * 60 * 1000;

export default defineCheck({
  id: 'aws-iam-user-no-initial-setup-access-key',
  title: 'Console users have no unused access key created with the user',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'low',
  risk: 'Keys ticked into existence at user creation are rarely needed, never used, and still valid credentials waiting to leak.',
  remediation: { text: 'Delete access keys that were created together with the user and never used; let users create keys themselves when they need them.' },
  compliance: [cis('1.10'), nist('AC-2'), nist('IA-5'), pci('8.2.6')],
  needs: ['loginProfile', 'accessKeys'],
  evaluate(r) {
    const missing = missingHydrated(r, ['loginProfile', 'accessKeys']);
    if (missing) return missing;
    if (!r.config.loginProfile) return notApplicable('user has no console password');
    const created = new Date(r.config.CreateDate).getTime();
    const setup = (r.config.accessKeys as Cfg[]).filter(
      (k) => k.Status === 'Active' && !k.LastUsed?.LastUsedDate && Math.abs(new Date(k.CreateDate).getTime() - created) <= SETUP_WINDOW_MS,
    );
    return failIfAny(
      setup,
      (l) => `${l.length} unused access key(s) created with the user`,
      (l) => ({ keys: l.map((k) => k.AccessKeyId) }),
    );
  },
  fixtures: [
    fx(
      'key created later and used',
      {
        CreateDate: '2026-01-01T00:00:00Z',
        loginProfile: {},
        accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE1', Status: 'Active', CreateDate: '2026-03-01T00:00:00Z', LastUsed: { LastUsedDate: '2026-11-01T00:00:00Z' } }],
      },
      'pass',
    ),
    fx(
      'unused key from setup',
      {
        CreateDate: '2026-01-01T00:00:00Z',
        loginProfile: {},
        accessKeys: [{ AccessKeyId: 'AKIAEXAMPLE2', Status: 'Active', CreateDate: '2026-01-01T00:01:00Z', LastUsed: null }],
      },
      'fail',
    ),
    fx('no console password', { CreateDate: '2026-01-01T00:00:00Z', loginProfile: null, accessKeys: [] }, 'not-applicable'),
    fx('keys unreadable', { loginProfile: {}, _errors: { accessKeys: 'access-denied' } }, 'error'),
  ],
});
