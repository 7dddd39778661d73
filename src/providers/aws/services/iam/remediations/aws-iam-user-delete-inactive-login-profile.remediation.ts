import { randomBytes } from 'node:crypto';
import { CreateLoginProfileCommand, DeleteLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineRemediation } from '../../../../../core/units/remediation.js';

const DAY = 86_400_000;

/**
 * Removes console access from a user who has not signed in for 90 days. Rollback recreates the
 * login profile with a random password that must be reset: the old password cannot be restored
 * (AWS never reveals it), so an administrator sets a new one.
 */
export default defineRemediation<{ UserName?: string; PasswordLastUsed?: string | null; CreateDate?: string; loginProfile?: { CreateDate?: string } | null }>({
  id: 'aws-iam-user-delete-inactive-login-profile',
  title: 'Delete the console password of a user inactive for 90 days',
  resourceType: 'aws.iam.user',
  fixes: ['aws-iam-user-console-password-used-45-days'],
  permissions: ['iam:DeleteLoginProfile', 'iam:CreateLoginProfile', 'iam:GetLoginProfile'],
  impact: 'The user can no longer sign in to the console; access keys are unaffected. Rollback restores console access with a new password that must be reset.',
  plan(r) {
    if (!r.config.loginProfile) return null;
    const last = r.config.PasswordLastUsed
      ? Date.parse(r.config.PasswordLastUsed)
      : Date.parse(r.config.loginProfile.CreateDate ?? r.config.CreateDate ?? new Date().toISOString());
    if (Date.now() - last <= 90 * DAY) return null;
    return {
      remediationId: 'aws-iam-user-delete-inactive-login-profile',
      resourceId: r.id,
      summary: `delete the console password of ${r.config.UserName ?? r.name} (last sign-in ${r.config.PasswordLastUsed ?? 'never'})`,
      changes: [{ field: 'loginProfile', before: 'present', after: null }],
      data: { userName: r.config.UserName ?? r.name },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(IAMClient).send(new DeleteLoginProfileCommand({ UserName: String(plan.data.userName) }));
  },
  async rollback(plan, ctx) {
    await ctx.client(IAMClient).send(
      new CreateLoginProfileCommand({
        UserName: String(plan.data.userName),
        Password: `${randomBytes(18).toString('base64url')}!Aa1`,
        PasswordResetRequired: true,
      }),
    );
  },
  fixtures: [
    {
      name: 'last sign-in 2024',
      resource: { config: { UserName: 'carol', PasswordLastUsed: '2024-03-01T00:00:00Z', loginProfile: { CreateDate: '2023-01-01T00:00:00Z' } } },
      expectChanges: 1,
    },
    { name: 'no console password', resource: { config: { UserName: 'ci', loginProfile: null } }, expectChanges: 0 },
  ],
});
