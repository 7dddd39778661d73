import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-prevents-reuse',
    title: 'IAM password policy prevents reuse of the last 24 passwords',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation:
      'Update the account password policy (aws iam update-account-password-policy) so that: IAM password policy prevents reuse of the last 24 passwords.',
    compliance: [cis('1.8'), nist('IA-5'), nist('IA-5(1)'), pci('8.3.7')],
    good: { PasswordReusePrevention: 24 },
    bad: { PasswordReusePrevention: 3 },
    test: (p) => (p.PasswordReusePrevention ?? 0) >= 24,
    describe: (p) => `password reuse prevention remembers ${p.PasswordReusePrevention ?? 0} password(s)`,
  }),
);
