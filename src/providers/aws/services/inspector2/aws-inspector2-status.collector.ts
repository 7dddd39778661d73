import { type AccountState, BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, record } from '../common.js';

async function* read(ctx: CollectContext): AsyncIterable<AccountState> {
  const r = await ctx.client(Inspector2Client).send(new BatchGetAccountStatusCommand({ accountIds: [ctx.account] }));
  yield* (r.accounts ?? []).filter((a) => a.accountId === ctx.account);
}

export default defineCollector<AccountState>({
  id: 'aws-inspector2-status',
  resourceType: 'aws.inspector2.status',
  provider: 'aws',
  service: 'inspector2',
  scope: 'regional',
  title: 'Amazon Inspector status (one per account and region)',
  permissions: ['inspector2:BatchGetAccountStatus'],
  triggers: ['Enable', 'Disable'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.inspector2.status',
      id: arn(ctx, 'inspector2', 'status'),
      name: `inspector ${ctx.region}`,
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      name: 'Inspector enabled for EC2, not for Lambda',
      raw: {
        accountId: '123456789012',
        state: { status: 'ENABLED', errorCode: undefined, errorMessage: undefined },
        resourceState: {
          ec2: { status: 'ENABLED', errorCode: undefined, errorMessage: undefined },
          ecr: { status: 'ENABLED', errorCode: undefined, errorMessage: undefined },
          lambda: { status: 'DISABLED', errorCode: undefined, errorMessage: undefined },
        },
      } as AccountState,
      expect: {
        id: 'arn:aws:inspector2:us-east-1:123456789012:status',
        config: { state: { status: 'ENABLED' }, resourceState: { lambda: { status: 'DISABLED' } } },
      },
    },
  ],
});
