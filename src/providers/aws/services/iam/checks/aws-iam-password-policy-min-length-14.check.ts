import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-min-length-14',
    title: 'IAM password policy requires at least 14 characters',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation: 'Update the account password policy (aws iam update-account-password-policy) so that: IAM password policy requires at least 14 characters.',
    compliance: [cis('1.7'), nist('IA-5'), nist('IA-5(1)'), pci('8.3.6')],
    good: { MinimumPasswordLength: 14 },
    bad: { MinimumPasswordLength: 8 },
    test: (p) => (p.MinimumPasswordLength ?? 0) >= 14,
    describe: (p) => `minimum password length is ${p.MinimumPasswordLength ?? 'unset'}`,
  }),
);
