import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-requires-uppercase',
    title: 'IAM password policy requires an uppercase letter',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation: 'Update the account password policy (aws iam update-account-password-policy) so that: IAM password policy requires an uppercase letter.',
    compliance: [nist('IA-5'), nist('IA-5(1)'), pci('8.3.6')],
    good: { RequireUppercaseCharacters: true },
    bad: { RequireUppercaseCharacters: false },
    test: (p) => p.RequireUppercaseCharacters === true,
    describe: () => 'uppercase letters are not required',
  }),
);
