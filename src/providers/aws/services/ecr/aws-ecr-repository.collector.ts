import {
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  paginateDescribeImages,
  paginateDescribeRepositories,
  type Repository,
} from '@aws-sdk/client-ecr';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, edges, flatTags, itemsOf, kmsKeyArn, orNull, parsePolicy, record } from '../common.js';

const ecr = (ctx: CollectContext) => ctx.client(ECRClient);
const describe = (ctx: CollectContext, names?: string[]) =>
  itemsOf(paginateDescribeRepositories({ client: ecr(ctx) }, names ? { repositoryNames: names } : {}), (p) => p.repositories);

export default defineCollector<Repository>({
  id: 'aws-ecr-repository',
  resourceType: 'aws.ecr.repository',
  provider: 'aws',
  service: 'ecr',
  scope: 'regional',
  title: 'ECR repositories',
  permissions: ['ecr:DescribeRepositories'],
  triggers: [
    'CreateRepository',
    'DeleteRepository',
    'SetRepositoryPolicy',
    'DeleteRepositoryPolicy',
    'PutImageScanningConfiguration',
    'PutImageTagMutability',
    'PutImage',
    'BatchDeleteImage',
    'TagResource',
    'UntagResource',
  ],
  list: (ctx) => describe(ctx),
  async *refresh(ids, ctx) {
    // Repository names contain slashes: take everything after `repository/` in an ARN.
    for (const id of ids) {
      const name = id.includes(':repository/') ? id.split(':repository/')[1]! : id;
      const found = await orNull(() => collectAll(describe(ctx, [name])), ['RepositoryNotFoundException']);
      yield* found ?? [];
    }
  },
  hydrate: {
    policy: {
      permissions: ['ecr:GetRepositoryPolicy'],
      fetch: (raw, ctx) =>
        orNull(async () => parsePolicy((await ecr(ctx).send(new GetRepositoryPolicyCommand({ repositoryName: raw.repositoryName }))).policyText)),
    },
    images: {
      permissions: ['ecr:DescribeImages'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateDescribeImages({ client: ecr(ctx) }, { repositoryName: raw.repositoryName }), (p) => p.imageDetails)),
    },
    tags: {
      permissions: ['ecr:ListTagsForResource'],
      fetch: async (raw, ctx) => (await ecr(ctx).send(new ListTagsForResourceCommand({ resourceArn: raw.repositoryArn }))).tags ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.repositoryArn ?? '';
    const resource = record(ctx, {
      type: 'aws.ecr.repository',
      id,
      name: raw.repositoryName,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.encryptionConfiguration?.kmsKey)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_cross_account_ecr (DescribeRepositories_1); a public pull policy.
      name: 'repository anyone may pull from, scan on push off',
      raw: {
        registryId: '644160558196',
        repositoryName: 'c7n/cross-check',
        repositoryArn: 'arn:aws:ecr:us-west-2:644160558196:repository/c7n/cross-check',
        repositoryUri: '644160558196.dkr.ecr.us-west-2.amazonaws.com/c7n/cross-check',
        imageScanningConfiguration: { scanOnPush: false },
        imageTagMutability: 'MUTABLE',
      },
      hydrated: { policy: { Statement: [{ Sid: 'public', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }] }, images: [] },
      context: { region: 'us-west-2' },
      expect: {
        id: 'arn:aws:ecr:us-west-2:644160558196:repository/c7n/cross-check',
        name: 'c7n/cross-check',
        config: { imageScanningConfiguration: { scanOnPush: false } },
      },
    },
  ],
});
