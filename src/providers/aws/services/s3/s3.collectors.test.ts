import * as s3sdk from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsError, collect, replay, testContext } from '../../../../../test/support/aws-replay.js';
import accountPab from './aws-s3-account-public-access-block.collector.js';
import bucket from './aws-s3-bucket.collector.js';

const s3 = mockClient(s3sdk.S3Client);
const control = mockClient(s3control.S3ControlClient);
afterEach(() => {
  s3.reset();
  control.reset();
});
const RECORDED = ['policy', 'acl', 'versioning', 'logging', 'lifecycle', 'replication', 'tags'];

describe('S3 collectors over recorded responses', () => {
  it('collects both buckets of the recording with their policies, and null for what is not configured', async () => {
    replay(s3, s3sdk, 'test_s3_dataaccesspointaccount_cross_account', 's3');
    const { resources } = await collect(bucket, testContext({ account: '644160558196', wanted: RECORDED }));
    expect(resources.map((r) => [r.id, r.region])).toEqual([
      ['arn:aws:s3:::sbx-mqrbuh-bucket-compliant', 'us-east-1'],
      ['arn:aws:s3:::sbx-mqrbuh-bucket-noncompliant', 'us-east-1'],
    ]);
    const [ok, bad] = resources;
    expect((ok!.config.policy as { Id: string }).Id).toBe('COMPLIANTPOLICY');
    expect((bad!.config.policy as { Statement: { Condition: unknown }[] }).Statement[0]!.Condition).toEqual({
      StringEquals: { 's3:DataAccessPointAccount': '111111111111' },
    });
    expect(ok!.config.versioning).toEqual({ Status: 'Enabled' });
    expect(ok!.config.logging).toBeNull();
    // NoSuchLifecycleConfiguration and ReplicationConfigurationNotFoundError are "none", not errors.
    expect(bad!.config.lifecycle).toBeNull();
    expect(bad!.config.replication).toBeNull();
    expect(bad!.config._errors).toBeUndefined();
    expect((ok!.config.acl as { Grants: unknown[] }).Grants).toHaveLength(1);
  });

  it('keeps a bucket whose encryption read is denied, records why, and maps NoSuchBucketPolicy to null', async () => {
    s3.on(s3sdk.ListBucketsCommand).resolves({ Buckets: [{ Name: 'logs', BucketRegion: 'us-east-1', CreationDate: new Date('2024-01-01T00:00:00Z') }] });
    s3.on(s3sdk.GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    s3.on(s3sdk.GetBucketEncryptionCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { resources } = await collect(bucket, testContext({ wanted: ['policy', 'encryption'] }));
    expect(resources).toHaveLength(1);
    expect(resources[0]!.config.policy).toBeNull();
    expect(resources[0]!.config).not.toHaveProperty('encryption');
    expect(resources[0]!.config._errors).toEqual({ encryption: 'access-denied' });
    expect(s3.commandCalls(s3sdk.GetBucketLocationCommand)).toHaveLength(0);
  });

  it('keeps only the buckets of the region it runs in, pages through ListBuckets', async () => {
    s3.on(s3sdk.ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: 'a', BucketRegion: 'us-east-1' }], ContinuationToken: 't2' })
      .resolvesOnce({ Buckets: [{ Name: 'b', BucketRegion: 'eu-west-1' }, { Name: 'c' }] });
    s3.on(s3sdk.GetBucketLocationCommand, { Bucket: 'c' }).resolves({ LocationConstraint: 'EU' });
    const { resources } = await collect(bucket, testContext({ region: 'eu-west-1', wanted: ['none'] }));
    expect(resources.map((r) => [r.name, r.region])).toEqual([
      ['b', 'eu-west-1'],
      ['c', 'eu-west-1'],
    ]);
  });

  it('reads the account public access block, and {} when none is set', async () => {
    replay(control, s3control, 'test_account_action_s3_public_block', 's3-control');
    let out = await collect(accountPab, testContext({ account: '644160558196' }));
    expect(out.resources[0]).toMatchObject({
      id: 'arn:aws:s3:::account/644160558196/public-access-block',
      region: 'global',
      config: { BlockPublicAcls: true, BlockPublicPolicy: false },
    });
    control.reset();
    replay(control, s3control, 'test_account_filter_s3_public_block_missing', 's3-control');
    out = await collect(accountPab, testContext({ account: '644160558196' }));
    expect(out.resources[0]!.config).toEqual({});
  });
});
