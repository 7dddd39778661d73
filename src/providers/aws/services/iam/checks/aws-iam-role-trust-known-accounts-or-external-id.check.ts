import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type KnownAccountsParams, allows, knownAccountsParams, principalAccounts, statements, unknownAccounts } from '../../../checks-common.js';

/** A condition on sts:ExternalId is how a third party proves it is the one you meant (confused deputy). */
const hasExternalId = (cond: Record<string, Record<string, unknown>> | undefined) =>
  Object.values(cond ?? {}).some((block) => Object.keys(block ?? {}).some((k) => k.toLowerCase() === 'sts:externalid'));

export default defineCheck<Record<string, any>, KnownAccountsParams>({
  id: 'aws-iam-role-trust-known-accounts-or-external-id',
  title: 'IAM role trusts only known accounts, or requires an external id',
  description:
    "Fails when the trust policy lets an account outside the role's own account and the knownAccounts parameter assume it without an sts:ExternalId condition.",
  provider: 'aws',
  resourceType: 'aws.iam.role',
  severity: 'high',
  risk: 'An unknown account that can assume the role holds its permissions; without an external id, a vendor that trusts many customers can be tricked into using it (confused deputy).',
  remediation: {
    text: 'Remove accounts you do not recognise from the trust policy; for third parties require an sts:ExternalId condition. List your own accounts in the knownAccounts parameter.',
  },
  compliance: [nist('AC-3'), nist('AC-20'), nist('IA-9'), pci('7.2.1'), pci('8.2.1')],
  params: knownAccountsParams,
  evaluate(r, ctx) {
    const risky = statements(r.config.AssumeRolePolicyDocument)
      .filter((s) => allows(s) && !hasExternalId(s.Condition))
      .flatMap((s) => unknownAccounts(principalAccounts(s.Principal), r.account, ctx.params.knownAccounts));
    return risky.length
      ? fail(`trusts unknown account(s) ${[...new Set(risky)].join(', ')} without an external id`, { accounts: [...new Set(risky)] })
      : pass();
  },
  fixtures: [
    fx(
      'own account',
      { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] } },
      'pass',
    ),
    fx(
      'vendor with external id',
      {
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Principal: { AWS: '999988887777' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } },
          ],
        },
      },
      'pass',
    ),
    fx(
      'known account',
      { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:role/ci' }, Action: 'sts:AssumeRole' }] } },
      'pass',
      { params: { knownAccounts: ['210987654321'] } },
    ),
    fx(
      'unknown account without external id',
      { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::999988887777:root'] }, Action: 'sts:AssumeRole' }] } },
      'fail',
    ),
  ],
});
