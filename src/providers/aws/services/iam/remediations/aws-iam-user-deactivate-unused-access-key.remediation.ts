import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Key = { AccessKeyId?: string; Status?: string; CreateDate?: string; LastUsed?: { LastUsedDate?: string | null } };
const DAY = 86_400_000;

/** Active keys not used for 90 days (or never used and older than 90 days) are deactivated — never deleted, so rollback is exact. */
function stale(k: Key, now: number): boolean {
  if (k.Status !== 'Active') return false;
  const used = k.LastUsed?.LastUsedDate ? Date.parse(k.LastUsed.LastUsedDate) : undefined;
  const created = k.CreateDate ? Date.parse(k.CreateDate) : now;
  return used === undefined ? now - created > 90 * DAY : now - used > 90 * DAY;
}

export default defineRemediation<{ UserName?: string; accessKeys?: Key[] }>({
  id: 'aws-iam-user-deactivate-unused-access-key',
  title: 'Deactivate access keys unused for 90 days',
  resourceType: 'aws.iam.user',
  fixes: ['aws-iam-user-access-keys-rotated-90-days', 'aws-iam-user-access-keys-used-45-days'],
  permissions: ['iam:UpdateAccessKey', 'iam:ListAccessKeys'],
  impact: 'Programs still using the key (rarely, after 90 days of silence) get InvalidClientTokenId until it is reactivated.',
  plan(r) {
    const now = Date.now();
    const keys = (r.config.accessKeys ?? []).filter((k) => stale(k, now));
    if (!keys.length) return null;
    return {
      remediationId: 'aws-iam-user-deactivate-unused-access-key',
      resourceId: r.id,
      summary: `deactivate ${keys.map((k) => k.AccessKeyId).join(', ')} of ${r.config.UserName ?? r.name}`,
      changes: keys.map((k) => ({ field: `accessKeys[${k.AccessKeyId}].Status`, before: 'Active', after: 'Inactive' })),
      data: { userName: r.config.UserName ?? r.name, keys: keys.map((k) => k.AccessKeyId) },
    };
  },
  async apply(plan, ctx) {
    for (const id of plan.data.keys as string[])
      await ctx.client(IAMClient).send(new UpdateAccessKeyCommand({ UserName: String(plan.data.userName), AccessKeyId: id, Status: 'Inactive' }));
  },
  async rollback(plan, ctx) {
    for (const id of plan.data.keys as string[])
      await ctx.client(IAMClient).send(new UpdateAccessKeyCommand({ UserName: String(plan.data.userName), AccessKeyId: id, Status: 'Active' }));
  },
  fixtures: [
    {
      name: 'key last used 2024',
      resource: {
        config: {
          UserName: 'alice',
          accessKeys: [{ AccessKeyId: 'AKIA1', Status: 'Active', CreateDate: '2023-01-01T00:00:00Z', LastUsed: { LastUsedDate: '2024-01-01T00:00:00Z' } }],
        },
      },
      expectChanges: 1,
    },
    {
      name: 'key used yesterday',
      resource: {
        config: {
          UserName: 'alice',
          accessKeys: [
            {
              AccessKeyId: 'AKIA1',
              Status: 'Active',
              CreateDate: '2023-01-01T00:00:00Z',
              LastUsed: { LastUsedDate: new Date(Date.now() - DAY).toISOString() },
            },
          ],
        },
      },
      expectChanges: 0,
    },
  ],
});
