import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-single-active-access-key',
  title: 'IAM user has at most one active access key',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'low',
  risk: 'Two active keys double the credentials to protect and usually mean a rotation was never finished.',
  remediation: { text: 'Finish the rotation: move callers to one key and deactivate, then delete, the other.' },
  compliance: [cis('1.12'), nist('IA-5'), nist('AC-2'), pci('8.6.3')],
  needs: ['accessKeys'],
  evaluate(r) {
    const missing = missingHydrated(r, ['accessKeys']);
    if (missing) return missing;
    const active = (r.config.accessKeys as Cfg[]).filter((k) => k.Status === 'Active');
    return active.length > 1
      ? fail(`user has ${active.length} active access keys`, { keys: active.map((k) => k.AccessKeyId) })
      : pass({ active: active.length });
  },
  fixtures: [
    fx(
      'one active key',
      {
        accessKeys: [
          { AccessKeyId: 'AKIAEXAMPLE1', Status: 'Active' },
          { AccessKeyId: 'AKIAEXAMPLE2', Status: 'Inactive' },
        ],
      },
      'pass',
    ),
    fx(
      'two active keys',
      {
        accessKeys: [
          { AccessKeyId: 'AKIAEXAMPLE1', Status: 'Active' },
          { AccessKeyId: 'AKIAEXAMPLE2', Status: 'Active' },
        ],
      },
      'fail',
    ),
    fx('keys unreadable', { _errors: { accessKeys: 'error: throttled' } }, 'error'),
  ],
});
