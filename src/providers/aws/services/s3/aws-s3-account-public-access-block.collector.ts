import { GetPublicAccessBlockCommand, type PublicAccessBlockConfiguration, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, orNull, record } from '../common.js';

/** The account-level setting; `{}` when none is set (every flag then reads as not blocking). */
async function* read(ctx: CollectContext): AsyncIterable<PublicAccessBlockConfiguration> {
  const r = await orNull(() => ctx.client(S3ControlClient).send(new GetPublicAccessBlockCommand({ AccountId: ctx.account })));
  yield r?.PublicAccessBlockConfiguration ?? {};
}

export default defineCollector<PublicAccessBlockConfiguration>({
  id: 'aws-s3-account-public-access-block',
  resourceType: 'aws.s3.account-public-access-block',
  provider: 'aws',
  service: 's3',
  scope: 'global',
  title: 'S3 account-level Block Public Access',
  permissions: ['s3:GetAccountPublicAccessBlock'],
  triggers: ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource(raw, hydrated, ctx) {
    const id = `arn:${ctx.partition}:s3:::account/${ctx.account}/public-access-block`;
    return {
      resource: record(ctx, {
        type: 'aws.s3.account-public-access-block',
        id,
        name: `s3 public access block ${ctx.account}`,
        region: 'global',
        config: configOf(raw, hydrated),
      }),
    };
  },
  fixtures: [
    {
      name: 'account blocking everything',
      raw: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      expect: { id: 'arn:aws:s3:::account/123456789012/public-access-block', region: 'global', config: { BlockPublicPolicy: true } },
    },
    {
      // cloud-custodian test_account_filter_s3_public_block_missing: NoSuchPublicAccessBlockConfiguration.
      name: 'account without a setting',
      raw: {},
      expect: { region: 'global', config: {} },
    },
  ],
});
