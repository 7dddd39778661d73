import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, record } from '../common.js';

export interface CallerIdentity {
  UserId?: string;
  Account?: string;
  Arn?: string;
}

async function* read(ctx: CollectContext): AsyncIterable<CallerIdentity> {
  const { $metadata: _, ...id } = await ctx.client(STSClient).send(new GetCallerIdentityCommand({}));
  yield id;
}

export default defineCollector<CallerIdentity>({
  id: 'aws-sts-caller-identity',
  resourceType: 'aws.sts.caller-identity',
  provider: 'aws',
  service: 'sts',
  scope: 'global',
  title: 'Identity the scan runs as',
  // GetCallerIdentity needs no permission; sts:GetCallerIdentity is listed so the policy documents it.
  permissions: ['sts:GetCallerIdentity'],
  list: read,
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.sts.caller-identity',
      id: `arn:${ctx.partition}:sts::${ctx.account}:caller-identity`,
      name: raw.Arn,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      name: 'assumed audit role',
      raw: { UserId: 'AROAEXAMPLE:skywatch', Account: '222222222222', Arn: 'arn:aws:sts::222222222222:assumed-role/SkywatchReadOnly/skywatch' },
      context: { account: '222222222222' },
      expect: { id: 'arn:aws:sts::222222222222:caller-identity', name: 'arn:aws:sts::222222222222:assumed-role/SkywatchReadOnly/skywatch', region: 'global' },
    },
  ],
});
