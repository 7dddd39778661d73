import { DeletePublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Pab = { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
const KEYS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export default defineRemediation<Pab>({
  id: 'aws-s3-account-block-public-access',
  title: 'Turn on S3 Block Public Access for the whole account',
  resourceType: 'aws.s3.account-public-access-block',
  fixes: ['aws-s3-account-public-access-blocked'],
  permissions: ['s3:PutAccountPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  impact: 'Every bucket in the account stops honouring public ACLs and public policies, including ones that serve public content on purpose.',
  plan(r) {
    const changes = KEYS.filter((k) => r.config[k] !== true).map((k) => ({ field: k, before: r.config[k] ?? false, after: true }));
    if (!changes.length) return null;
    const previous = KEYS.some((k) => r.config[k] !== undefined) ? Object.fromEntries(KEYS.map((k) => [k, r.config[k] ?? false])) : null;
    return {
      remediationId: 'aws-s3-account-block-public-access',
      resourceId: r.id,
      summary: `block public access for account ${r.account}`,
      changes,
      data: { accountId: r.account, previous },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(S3ControlClient).send(
      new PutPublicAccessBlockCommand({
        AccountId: String(plan.data.accountId),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
  },
  async rollback(plan, ctx) {
    const prev = plan.data.previous as Pab | null;
    if (!prev) await ctx.client(S3ControlClient).send(new DeletePublicAccessBlockCommand({ AccountId: String(plan.data.accountId) }));
    else
      await ctx.client(S3ControlClient).send(new PutPublicAccessBlockCommand({ AccountId: String(plan.data.accountId), PublicAccessBlockConfiguration: prev }));
  },
  fixtures: [
    { name: 'not configured', resource: { config: {} }, expectChanges: 4 },
    {
      name: 'fully blocked',
      resource: { config: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      expectChanges: 0,
    },
  ],
});
