import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import type { CollectContext, Hydrator } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, idsFrom, kmsKeyArn, orNull, parsePolicy, record } from '../common.js';
import { type BucketItem, bucketsInRegion, s3 } from './s3.js';

/** One bucket-level GET: `pick` takes the documented field; "not configured" answers become null. */
function get<T>(permission: string, call: (b: string, ctx: CollectContext) => Promise<T>): Hydrator<BucketItem> {
  return { permissions: [permission], fetch: (raw, ctx) => orNull(() => call(raw.Name ?? '', ctx)) };
}

export default defineCollector<BucketItem>({
  id: 'aws-s3-bucket',
  resourceType: 'aws.s3.bucket',
  provider: 'aws',
  service: 's3',
  scope: 'regional',
  title: 'S3 buckets (in the region they live in)',
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'],
  triggers: [
    'CreateBucket',
    'DeleteBucket',
    'PutBucketPolicy',
    'DeleteBucketPolicy',
    'PutBucketAcl',
    'PutBucketPublicAccessBlock',
    'DeleteBucketPublicAccessBlock',
    'PutBucketEncryption',
    'DeleteBucketEncryption',
    'PutBucketVersioning',
    'PutBucketLogging',
    'PutBucketOwnershipControls',
    'DeleteBucketOwnershipControls',
    'PutBucketLifecycle',
    'DeleteBucketLifecycle',
    'PutObjectLockConfiguration',
    'PutBucketReplication',
    'DeleteBucketReplication',
    'PutBucketTagging',
    'DeleteBucketTagging',
  ],
  list: (ctx) => bucketsInRegion(ctx),
  refresh: (ids, ctx) => bucketsInRegion(ctx, new Set(idsFrom(ids))),
  hydrate: {
    policy: get('s3:GetBucketPolicy', async (Bucket, ctx) => parsePolicy((await s3(ctx).send(new GetBucketPolicyCommand({ Bucket }))).Policy)),
    policyStatus: get(
      's3:GetBucketPolicyStatus',
      async (Bucket, ctx) => (await s3(ctx).send(new GetBucketPolicyStatusCommand({ Bucket }))).PolicyStatus ?? null,
    ),
    acl: get('s3:GetBucketAcl', async (Bucket, ctx) => {
      const r = await s3(ctx).send(new GetBucketAclCommand({ Bucket }));
      return { Owner: r.Owner, Grants: r.Grants ?? [] };
    }),
    publicAccessBlock: get(
      's3:GetBucketPublicAccessBlock',
      async (Bucket, ctx) => (await s3(ctx).send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration ?? null,
    ),
    encryption: get(
      's3:GetEncryptionConfiguration',
      async (Bucket, ctx) => (await s3(ctx).send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration ?? null,
    ),
    versioning: get('s3:GetBucketVersioning', async (Bucket, ctx) => {
      const r = await s3(ctx).send(new GetBucketVersioningCommand({ Bucket }));
      return { Status: r.Status, MFADelete: r.MFADelete };
    }),
    logging: get('s3:GetBucketLogging', async (Bucket, ctx) => (await s3(ctx).send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled ?? null),
    ownershipControls: get(
      's3:GetBucketOwnershipControls',
      async (Bucket, ctx) => (await s3(ctx).send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls ?? null,
    ),
    lifecycle: get(
      's3:GetLifecycleConfiguration',
      async (Bucket, ctx) => (await s3(ctx).send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? null,
    ),
    objectLock: get(
      's3:GetBucketObjectLockConfiguration',
      async (Bucket, ctx) => (await s3(ctx).send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration ?? null,
    ),
    replication: get(
      's3:GetReplicationConfiguration',
      async (Bucket, ctx) => (await s3(ctx).send(new GetBucketReplicationCommand({ Bucket }))).ReplicationConfiguration ?? null,
    ),
    tags: get('s3:GetBucketTagging', async (Bucket, ctx) => (await s3(ctx).send(new GetBucketTaggingCommand({ Bucket }))).TagSet ?? null),
  },
  toResource(raw, hydrated, ctx) {
    const id = `arn:${ctx.partition}:s3:::${raw.Name}`;
    const resource = record(ctx, {
      type: 'aws.s3.bucket',
      id,
      name: raw.Name,
      region: raw.Region,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | null),
      config: configOf(raw, hydrated),
    });
    const rules = (hydrated.encryption as ServerSideEncryptionConfiguration | null | undefined)?.Rules ?? [];
    const keys = rules.map((r) => kmsKeyArn({ ...ctx, region: raw.Region }, r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID));
    return { resource, edges: edges(id, 'encrypted-with', keys) };
  },
  fixtures: [
    {
      // From cloud-custodian test_s3_dataaccesspointaccount_cross_account (ListBuckets_1 and the bucket's Get* answers).
      name: 'bucket with a cross-account access-point policy, versioning, no lifecycle, no replication',
      raw: { Name: 'sbx-mqrbuh-bucket-noncompliant', CreationDate: new Date('2025-08-07T21:02:50Z'), Region: 'us-east-1' },
      hydrated: {
        policy: {
          Version: '2012-10-17',
          Id: 'NONCOMPLIANTPOLICY',
          Statement: [
            {
              Sid: 'AllowAccessPoint',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: ['arn:aws:s3:::sbx-mqrbuh-bucket-noncompliant', 'arn:aws:s3:::sbx-mqrbuh-bucket-noncompliant/*'],
              Condition: { StringEquals: { 's3:DataAccessPointAccount': '111111111111' } },
            },
          ],
        },
        versioning: { Status: 'Enabled' },
        logging: null,
        lifecycle: null,
        replication: null,
        tags: [],
      },
      expect: {
        id: 'arn:aws:s3:::sbx-mqrbuh-bucket-noncompliant',
        name: 'sbx-mqrbuh-bucket-noncompliant',
        region: 'us-east-1',
        config: { CreationDate: '2025-08-07T21:02:50.000Z', Region: 'us-east-1', versioning: { Status: 'Enabled' }, lifecycle: null, replication: null },
      },
    },
    {
      name: 'KMS-encrypted bucket in eu-west-1 (China partition) with tags',
      raw: { Name: 'acme-cn-data', Region: 'cn-north-1' },
      context: { partition: 'aws-cn', region: 'cn-north-1' },
      hydrated: {
        encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' }, BucketKeyEnabled: true }] },
        tags: [{ Key: 'team', Value: 'data' }],
      },
      expect: { id: 'arn:aws-cn:s3:::acme-cn-data', region: 'cn-north-1', tags: { team: 'data' } },
      expectEdges: [{ from: 'arn:aws-cn:s3:::acme-cn-data', kind: 'encrypted-with', to: 'arn:aws-cn:kms:cn-north-1:123456789012:key/key-1' }],
    },
  ],
});
