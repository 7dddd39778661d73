import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { rootRow } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-root-mfa-enabled',
  title: 'Root user has MFA enabled',
  provider: 'aws',
  resourceType: 'aws.iam.credential-report',
  severity: 'critical',
  risk: 'The root password alone unlocks every resource and billing setting of the account; phishing or reuse of that one password is enough.',
  remediation: { text: 'Sign in as root and assign an MFA device (preferably hardware or passkey) under Security credentials.' },
  compliance: [cis('1.4'), nist('IA-2(1)'), nist('IA-2'), pci('8.4.1'), pci('8.4.2')],
  evaluate(r) {
    const root = rootRow(r.config);
    if (!root) return notApplicable('credential report has no root row');
    return root.mfa_active === 'true' ? pass() : fail('root user has no MFA device');
  },
  fixtures: [
    fx('root MFA on', { rows: [{ user: '<root_account>', mfa_active: 'true' }] }, 'pass'),
    fx('root MFA off', { rows: [{ user: '<root_account>', mfa_active: 'false' }] }, 'fail'),
    fx('report without root row', { rows: [{ user: 'alice', mfa_active: 'true' }] }, 'not-applicable'),
  ],
});
