import * as ctsdk from '@aws-sdk/client-cloudtrail';
import * as kmssdk from '@aws-sdk/client-kms';
import * as lambdasdk from '@aws-sdk/client-lambda';
import * as rdssdk from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import trail from '../../src/providers/aws/services/cloudtrail/aws-cloudtrail-trail.collector.js';
import key from '../../src/providers/aws/services/kms/aws-kms-key.collector.js';
import fn from '../../src/providers/aws/services/lambda/aws-lambda-function.collector.js';
import dbSnapshot from '../../src/providers/aws/services/rds/aws-rds-db-snapshot.collector.js';
import dbInstance from '../../src/providers/aws/services/rds/aws-rds-db-instance.collector.js';
import { awsError, collect, replay, testContext } from '../support/aws-replay.js';

const lambda = mockClient(lambdasdk.LambdaClient);
const rds = mockClient(rdssdk.RDSClient);
const kms = mockClient(kmssdk.KMSClient);
const ct = mockClient(ctsdk.CloudTrailClient);
afterEach(() => {
  for (const m of [lambda, rds, kms, ct]) m.reset();
});
const ctx = (wanted: string[] = [], region = 'us-east-1') => testContext({ account: '644160558196', region, wanted });

describe('Lambda, RDS, KMS and CloudTrail collectors over recorded responses', () => {
  it('Lambda: a function without a resource policy gets null, the public one keeps its statement', async () => {
    replay(lambda, lambdasdk, 'test_cross_account_lambda', 'lambda');
    const { resources, edges } = await collect(fn, ctx(['policy'], 'us-west-2'));
    expect(resources.map((r) => r.name)).toEqual(['process_resources', 'c7n-cross-check']);
    expect(resources[0]!.config.policy).toBeNull();
    expect(resources[1]!.config.policy).toMatchObject({ Statement: [{ Principal: '*', Sid: 'oops' }] });
    expect(edges.filter((e) => e.kind === 'has-role')).toHaveLength(2);
  });

  it('Lambda: event source mappings of a function', async () => {
    lambda
      .on(lambdasdk.ListFunctionsCommand)
      .resolves({ Functions: [{ FunctionName: 'test-jerry', FunctionArn: 'arn:aws:lambda:us-east-1:644160558196:function:test-jerry' }] });
    replay(lambda, lambdasdk, 'test_aws_lambda_event_source_mapping', 'lambda');
    const { resources } = await collect(fn, ctx(['eventSourceMappings']));
    const mappings = resources[0]!.config.eventSourceMappings as { EventSourceArn: string; LastModified: unknown }[];
    expect(mappings).toHaveLength(3);
    expect(mappings).toContainEqual(expect.objectContaining({ EventSourceArn: 'arn:aws:sqs:us-east-1:644160558196:my-c7n-test', State: 'Enabled' }));
    // Dates in hydrated values are ISO text like the rest of config.
    expect(typeof mappings[0]!.LastModified).toBe('string');
  });

  it('RDS: snapshot restore attributes show the public and the cross-account snapshot', async () => {
    replay(rds, rdssdk, 'test_rds_snapshot_access', 'rds');
    const { resources } = await collect(dbSnapshot, ctx());
    const restore = Object.fromEntries(resources.map((r) => [r.name, (r.config.attributes as { AttributeValues: string[] }[])[0]!.AttributeValues]));
    expect(restore).toEqual({ 'rds:tidx-2016-12-31-23-16': [], 'rds:tidx-2017-01-01-07-59': [], 'tidx-pub': ['all'], 'tidx-rdx': ['619193117841'] });
  });

  it('RDS: instances from a recording, each with its ARN as id', async () => {
    replay(rds, rdssdk, 'test_rds_modify_db_enable_perfinsights', 'rds');
    const { resources } = await collect(dbInstance, ctx());
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r.id).toMatch(/^arn:aws:rds:us-east-1:644160558196:db:/);
  });

  it('KMS: describes each listed key and hydrates rotation and aliases; a denied policy read is recorded', async () => {
    replay(kms, kmssdk, 'test_key_rotation', 'kms');
    kms.on(kmssdk.GetKeyPolicyCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform kms:GetKeyPolicy', 400));
    const { resources } = await collect(key, ctx(['rotationEnabled', 'aliases', 'policy']));
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      id: 'arn:aws:kms:us-east-1:644160558196:key/ffb1402c-040a-4b1f-b1e5-9918a0238aa7',
      config: { KeyManager: 'CUSTOMER', rotationEnabled: true, aliases: [], CreationDate: '2018-01-30T15:44:19.013Z', _errors: { policy: 'access-denied' } },
    });
  });

  it('KMS: a key deleted between ListKeys and DescribeKey is skipped', async () => {
    kms.on(kmssdk.ListKeysCommand).resolves({ Keys: [{ KeyId: 'gone' }] });
    kms.on(kmssdk.DescribeKeyCommand).rejects(awsError('NotFoundException', 'Key does not exist', 400));
    expect((await collect(key, ctx(['none']))).resources).toEqual([]);
  });

  it('CloudTrail: trail with logging status and event selectors, linked to its bucket and log group', async () => {
    replay(ct, ctsdk, 'test_cloudtrail_success_management_advanced_events_included', 'cloudtrail');
    const { resources, edges } = await collect(trail, ctx(['status', 'eventSelectors']));
    expect(resources).toHaveLength(1);
    const t = resources[0]!;
    expect(t.config.status).toMatchObject({ IsLogging: true });
    expect(t.config.eventSelectors).toHaveProperty('AdvancedEventSelectors');
    expect(edges).toContainEqual({ from: t.id, kind: 'logs-to', to: 'arn:aws:s3:::test-bucket' });
    expect(ct.commandCalls(ctsdk.DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: false });
  });
});
