import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-no-direct-policies',
  title: 'IAM user receives permissions only through groups',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'low',
  risk: 'Per-user policies drift: access is granted one person at a time and never reviewed or removed as a set.',
  remediation: { text: 'Move the permissions to a group (or role) and detach/delete the policies attached directly to the user.' },
  compliance: [cis('1.14'), nist('AC-2'), nist('AC-6'), pci('7.2.1'), pci('7.2.2')],
  needs: ['attachedPolicies', 'inlinePolicies'],
  evaluate(r) {
    const missing = missingHydrated(r, ['attachedPolicies', 'inlinePolicies']);
    if (missing) return missing;
    const direct = [...(r.config.attachedPolicies as Cfg[]).map((p) => p.PolicyName), ...(r.config.inlinePolicies as Cfg[]).map((p) => p.PolicyName)];
    return direct.length ? fail(`user has ${direct.length} policy(ies) attached directly`, { policies: direct }) : pass();
  },
  fixtures: [
    fx('permissions through groups', { attachedPolicies: [], inlinePolicies: [], groups: [{ GroupName: 'dev' }] }, 'pass'),
    fx(
      'policy attached to the user',
      { attachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], inlinePolicies: [] },
      'fail',
    ),
    fx('inline policy', { attachedPolicies: [], inlinePolicies: [{ PolicyName: 'extra', PolicyDocument: {} }] }, 'fail'),
    fx('policies unreadable', { attachedPolicies: [], _errors: { inlinePolicies: 'access-denied' } }, 'error'),
  ],
});
