import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { passwordPolicy } from '../../../check-kits.js';

export default defineCheck(
  passwordPolicy({
    id: 'aws-iam-password-policy-requires-symbols',
    title: 'IAM password policy requires a symbol',
    severity: 'medium',
    risk: 'Weak password rules make IAM user passwords easier to guess, spray or reuse from other breaches.',
    remediation: 'Update the account password policy (aws iam update-account-password-policy) so that: IAM password policy requires a symbol.',
    compliance: [nist('IA-5'), nist('IA-5(1)'), pci('8.3.6')],
    good: { RequireSymbols: true },
    bad: { RequireSymbols: false },
    test: (p) => p.RequireSymbols === true,
    describe: () => 'symbols are not required',
  }),
);
