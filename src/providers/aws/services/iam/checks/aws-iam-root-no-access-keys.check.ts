import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { rootRow } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-root-no-access-keys',
  title: 'Root user has no active access keys',
  provider: 'aws',
  resourceType: 'aws.iam.credential-report',
  severity: 'critical',
  risk: 'A root access key is an unrestricted, unconditional credential for the whole account; once leaked nothing in IAM can limit it.',
  remediation: { text: 'Sign in as root, delete its access keys (Security credentials → Access keys) and use IAM roles for automation.' },
  compliance: [cis('1.3'), nist('AC-6'), nist('AC-6(2)'), nist('IA-2'), pci('7.2.2'), pci('8.2.2')],
  evaluate(r) {
    const root = rootRow(r.config);
    if (!root) return notApplicable('credential report has no root row');
    const active = ['1', '2'].filter((n) => root[`access_key_${n}_active`] === 'true');
    return active.length ? fail(`root user has ${active.length} active access key(s)`, { keys: active }) : pass();
  },
  fixtures: [
    fx('no root keys', { rows: [{ user: '<root_account>', access_key_1_active: 'false', access_key_2_active: 'false' }] }, 'pass'),
    fx('root key active', { rows: [{ user: '<root_account>', access_key_1_active: 'true', access_key_2_active: 'false' }] }, 'fail'),
    fx('report without root row', { rows: [] }, 'not-applicable'),
  ],
});
