import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-requires-numbers',
    title: 'IAM password policy requires a number',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation: 'Update the account password policy (aws iam update-account-password-policy) so that: IAM password policy requires a number.',
    compliance: [nist('IA-5'), nist('IA-5(1)'), pci('8.3.6')],
    good: { RequireNumbers: true },
    bad: { RequireNumbers: false },
    test: (p) => p.RequireNumbers === true,
    describe: () => 'numbers are not required',
  }),
);
