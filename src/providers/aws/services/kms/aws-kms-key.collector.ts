import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type KeyMetadata,
  KMSClient,
  paginateListAliases,
  paginateListKeys,
  paginateListResourceTags,
} from '@aws-sdk/client-kms';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, flatTags, idsFrom, itemsOf, orNull, parsePolicy, record } from '../common.js';

const kms = (ctx: CollectContext) => ctx.client(KMSClient);

async function* describe(ctx: CollectContext, ids: AsyncIterable<string> | Iterable<string>): AsyncIterable<KeyMetadata> {
  for await (const KeyId of ids) {
    const k = await orNull(async () => (await kms(ctx).send(new DescribeKeyCommand({ KeyId }))).KeyMetadata);
    if (k) yield k;
  }
}

async function* keyIds(ctx: CollectContext): AsyncIterable<string> {
  for await (const k of itemsOf(paginateListKeys({ client: kms(ctx) }, {}), (p) => p.Keys)) if (k.KeyId) yield k.KeyId;
}

export default defineCollector<KeyMetadata>({
  id: 'aws-kms-key',
  resourceType: 'aws.kms.key',
  provider: 'aws',
  service: 'kms',
  scope: 'regional',
  title: 'KMS keys',
  permissions: ['kms:ListKeys', 'kms:DescribeKey'],
  triggers: [
    'CreateKey',
    'ScheduleKeyDeletion',
    'CancelKeyDeletion',
    'EnableKey',
    'DisableKey',
    'EnableKeyRotation',
    'DisableKeyRotation',
    'PutKeyPolicy',
    'CreateAlias',
    'UpdateAlias',
    'DeleteAlias',
    'TagResource',
    'UntagResource',
  ],
  list: (ctx) => describe(ctx, keyIds(ctx)),
  refresh: (ids, ctx) => describe(ctx, idsFrom(ids)),
  hydrate: {
    rotationEnabled: {
      permissions: ['kms:GetKeyRotationStatus'],
      // Asymmetric, HMAC and imported keys cannot rotate: AWS answers UnsupportedOperation, stored as null.
      fetch: (raw, ctx) =>
        orNull(
          async () => (await kms(ctx).send(new GetKeyRotationStatusCommand({ KeyId: raw.KeyId }))).KeyRotationEnabled === true,
          ['UnsupportedOperationException'],
        ),
    },
    policy: {
      permissions: ['kms:GetKeyPolicy'],
      fetch: async (raw, ctx) => parsePolicy((await kms(ctx).send(new GetKeyPolicyCommand({ KeyId: raw.KeyId, PolicyName: 'default' }))).Policy),
    },
    aliases: {
      permissions: ['kms:ListAliases'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListAliases({ client: kms(ctx) }, { KeyId: raw.KeyId }), (p) => p.Aliases)),
    },
    tags: {
      permissions: ['kms:ListResourceTags'],
      fetch: async (raw, ctx) =>
        (await collectAll(itemsOf(paginateListResourceTags({ client: kms(ctx) }, { KeyId: raw.KeyId }), (p) => p.Tags))).map((t) => ({
          Key: t.TagKey,
          Value: t.TagValue,
        })),
    },
  },
  toResource(raw, hydrated, ctx) {
    const aliases = (hydrated.aliases as { AliasName?: string }[] | undefined) ?? [];
    const resource = record(ctx, {
      type: 'aws.kms.key',
      id: raw.Arn ?? '',
      name: aliases[0]?.AliasName ?? raw.KeyId,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
    return { resource };
  },
  fixtures: [
    {
      // Policy from cloud-custodian test_cross_account_kms_condition_keys_1 (GetKeyPolicy_1); rotation from test_key_rotation.
      name: 'customer key with rotation and an alias',
      raw: {
        AWSAccountId: '644160558196',
        KeyId: '36812ccf-daaf-49b1-a24b-0eef254ffe41',
        Arn: 'arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41',
        CreationDate: new Date('2020-04-20T10:00:00Z'),
        Enabled: true,
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
      },
      hydrated: {
        rotationEnabled: true,
        aliases: [{ AliasName: 'alias/lulu', AliasArn: 'arn:aws:kms:us-east-1:644160558196:alias/lulu', TargetKeyId: '36812ccf-daaf-49b1-a24b-0eef254ffe41' }],
        policy: {
          Version: '2012-10-17',
          Id: 'Lulu',
          Statement: [
            { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::644160558196:root' }, Action: 'kms:*', Resource: '*' },
          ],
        },
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41',
        name: 'alias/lulu',
        config: { KeyManager: 'CUSTOMER', rotationEnabled: true, CreationDate: '2020-04-20T10:00:00.000Z' },
      },
    },
  ],
});
