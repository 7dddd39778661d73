import { GetAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, orNull, record } from '../common.js';
import { iam, iamArn } from './iam.js';

/** `{}` when the account has no password policy (NoSuchEntity): every requirement then reads as absent. */
async function* read(ctx: CollectContext): AsyncIterable<PasswordPolicy> {
  const r = await orNull(() => iam(ctx).send(new GetAccountPasswordPolicyCommand({})));
  yield r?.PasswordPolicy ?? {};
}

export default defineCollector<PasswordPolicy>({
  id: 'aws-iam-password-policy',
  resourceType: 'aws.iam.password-policy',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM account password policy',
  permissions: ['iam:GetAccountPasswordPolicy'],
  triggers: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.iam.password-policy',
      id: iamArn(ctx, 'account-password-policy'),
      name: `password policy ${ctx.account}`,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_account_password_policy_update (GetAccountPasswordPolicy_3).
      name: 'policy of length 12 without rotation',
      raw: {
        MinimumPasswordLength: 12,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
      },
      expect: { id: 'arn:aws:iam::123456789012:account-password-policy', region: 'global', config: { MinimumPasswordLength: 12, ExpirePasswords: false } },
    },
    { name: 'no policy set (cloud-custodian test_account_missing_password_policy)', raw: {}, expect: { config: {} } },
  ],
});
