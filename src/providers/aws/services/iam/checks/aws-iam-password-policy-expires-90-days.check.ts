import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-expires-90-days',
    title: 'IAM passwords expire within 90 days',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation: 'Update the account password policy (aws iam update-account-password-policy) so that: IAM passwords expire within 90 days.',
    compliance: [nist('IA-5'), nist('IA-5(1)'), pci('8.3.9')],
    good: { MaxPasswordAge: 90 },
    bad: { MaxPasswordAge: 365 },
    test: (p) => (p.MaxPasswordAge ?? Infinity) <= 90,
    describe: (p) => `passwords expire after ${p.MaxPasswordAge ?? 'never'} day(s)`,
  }),
);
