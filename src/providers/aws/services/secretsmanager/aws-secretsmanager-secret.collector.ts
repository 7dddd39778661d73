import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  paginateListSecrets,
  SecretsManagerClient,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, itemsOf, kmsKeyArn, orNull, parsePolicy, record } from '../common.js';

const sm = (ctx: CollectContext) => ctx.client(SecretsManagerClient);

export default defineCollector<SecretListEntry>({
  id: 'aws-secretsmanager-secret',
  resourceType: 'aws.secretsmanager.secret',
  provider: 'aws',
  service: 'secretsmanager',
  scope: 'regional',
  title: 'Secrets Manager secrets (metadata, never values)',
  permissions: ['secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret'],
  triggers: [
    'CreateSecret',
    'DeleteSecret',
    'RestoreSecret',
    'UpdateSecret',
    'RotateSecret',
    'CancelRotateSecret',
    'PutResourcePolicy',
    'DeleteResourcePolicy',
    'TagResource',
    'UntagResource',
  ],
  list: (ctx) => itemsOf(paginateListSecrets({ client: sm(ctx) }, {}), (p) => p.SecretList),
  async *refresh(ids, ctx) {
    for (const SecretId of ids) {
      const r = await orNull(() => sm(ctx).send(new DescribeSecretCommand({ SecretId })));
      if (!r) continue;
      const { $metadata: _, ...s } = r;
      yield s;
    }
  },
  hydrate: {
    policy: {
      permissions: ['secretsmanager:GetResourcePolicy'],
      fetch: async (raw, ctx) => parsePolicy((await sm(ctx).send(new GetResourcePolicyCommand({ SecretId: raw.ARN }))).ResourcePolicy),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.ARN ?? '';
    const resource = record(ctx, { type: 'aws.secretsmanager.secret', id, name: raw.Name, tags: flatTags(raw.Tags), config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_secretsmanager_remove_rbp (ListSecrets_1).
      name: 'secret without rotation or resource policy',
      raw: {
        ARN: 'arn:aws:secretsmanager:us-east-1:644160558196:secret:test-ZO5wu6',
        Name: 'test',
        LastChangedDate: new Date('2023-01-13T12:57:54Z'),
        Tags: [],
        SecretVersionsToStages: { '6ad5e6c9-2fbd-43bb-9f9b-2f9ccd67f283': ['AWSCURRENT'] },
        CreatedDate: new Date('2022-10-19T10:28:27Z'),
      },
      hydrated: { policy: null },
      expect: {
        id: 'arn:aws:secretsmanager:us-east-1:644160558196:secret:test-ZO5wu6',
        name: 'test',
        config: { policy: null, CreatedDate: '2022-10-19T10:28:27.000Z' },
      },
    },
  ],
});
