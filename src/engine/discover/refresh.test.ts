import { gzipSync } from 'node:zlib';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/events.js';
import { type CollectorUnit, defineCollector } from '../../core/units/collector.js';
import { eventSourceOf, parseTrigger } from '../../providers/aws/event-sources.js';
import { normaliseCloudTrail } from '../../providers/aws/logs/aws-cloudtrail.source.js';
import { openStore } from '../../store/index.js';
import { loadUnits } from '../units.js';
import { ClientFactory } from './client-factory.js';
import { auditEventFromCloudTrail, idsOf, refreshPlan, unwrapMessage } from './refresh.js';
import { watchQueue } from './watch.js';

const ACC = '222222222222';
type Inst = { InstanceId: string; State: string };
const live = new Map<string, Inst>();

const instances = defineCollector<Inst>({
  id: 'test-instance',
  resourceType: 'aws.ec2.instance',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'instances',
  permissions: ['ec2:DescribeInstances'],
  triggers: ['RunInstances', 'TerminateInstances', 'CreateTags'],
  async *list(ctx) {
    const r = await ctx.client(EC2Client).send(new DescribeInstancesCommand({}));
    for (const res of r.Reservations ?? []) yield* (res.Instances ?? []) as Inst[];
  },
  async *refresh(ids, ctx) {
    const r = await ctx.client(EC2Client).send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [...ids] }] }));
    for (const res of r.Reservations ?? []) yield* (res.Instances ?? []) as Inst[];
  },
  toResource: (i, _h, ctx) => ({
    resource: {
      id: `arn:aws:ec2:${ctx.region}:${ctx.account}:instance/${i.InstanceId}`,
      type: 'aws.ec2.instance',
      provider: 'aws',
      account: ctx.account,
      region: ctx.region,
      name: i.InstanceId,
      tags: {},
      config: { ...i },
    },
  }),
  fixtures: [],
});
const users = defineCollector<{ UserName: string }>({
  id: 'test-user',
  resourceType: 'aws.iam.user',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'users',
  permissions: ['iam:ListUsers'],
  triggers: ['CreateUser', 'CreateTags'],
  async *list() {},
  toResource: (u, _h, ctx) => ({
    resource: {
      id: `arn:aws:iam::${ctx.account}:user/${u.UserName}`,
      type: 'aws.iam.user',
      provider: 'aws',
      account: ctx.account,
      region: 'global',
      name: u.UserName,
      tags: {},
      config: {},
    },
  }),
  fixtures: [],
});
const collectors: CollectorUnit<any>[] = [instances, users];

const trail = (eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventID: `ev-${eventName}`,
  eventTime: '2026-11-19T10:00:00Z',
  eventSource: eventName === 'CreateUser' ? 'iam.amazonaws.com' : 'ec2.amazonaws.com',
  eventName,
  awsRegion: 'us-east-1',
  recipientAccountId: ACC,
  userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACC}:user/bob`, accountId: ACC, userName: 'bob' },
  readOnly: false,
  ...extra,
});

describe('refreshPlan', () => {
  const ev = (name: string, extra: Record<string, unknown> = {}): AuditEvent => auditEventFromCloudTrail(trail(name, extra));
  it('maps events through triggers to targeted refreshes, merged per collector × account × region', () => {
    const plan = refreshPlan(
      [
        ev('RunInstances', { responseElements: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } } }),
        ev('TerminateInstances', { requestParameters: { instancesSet: { items: [{ instanceId: 'i-3' }] } } }),
        ev('DescribeInstances', { readOnly: true }),
        ev('RunInstances', { errorCode: 'Client.UnauthorizedOperation', responseElements: { instancesSet: { items: [{ instanceId: 'i-9' }] } } }),
        ev('CreateUser', { requestParameters: { userName: 'eve' } }),
      ],
      collectors,
    );
    expect(plan).toEqual([
      {
        collector: 'test-instance',
        account: ACC,
        region: 'us-east-1',
        partition: 'aws',
        ids: ['i-1', 'i-2', 'i-3'],
        full: false,
        actor: `arn:aws:iam::${ACC}:user/bob`,
        eventId: 'ev-TerminateInstances',
      },
      // No refresh(): a full re-list, in the partition's home region for a global collector.
      {
        collector: 'test-user',
        account: ACC,
        region: 'us-east-1',
        partition: 'aws',
        ids: [],
        full: true,
        actor: `arn:aws:iam::${ACC}:user/bob`,
        eventId: 'ev-CreateUser',
      },
    ]);
  });

  it('matches eventSource and eventName, so same-named actions of other services do not collide', () => {
    // CreateTags is a trigger of both test collectors, but an EC2 CreateTags names the EC2 one only.
    const plan = refreshPlan([ev('CreateTags', { requestParameters: { resourcesSet: { items: [{ resourceId: 'i-1' }] } } })], collectors);
    expect(plan.map((t) => t.collector)).toEqual(['test-instance']);
    // An IAM-sourced RunInstances (no such API) triggers nothing.
    expect(refreshPlan([ev('RunInstances', { eventSource: 'iam.amazonaws.com' })], collectors)).toEqual([]);
    // A qualified trigger names another service's event.
    const crossService = defineCollector<unknown>({ ...users, id: 'test-cross', triggers: ['ec2.amazonaws.com:AssociateIamInstanceProfile'] });
    expect(refreshPlan([ev('AssociateIamInstanceProfile')], [crossService]).map((t) => t.collector)).toEqual(['test-cross']);
    // A record without a source (hand-built) still matches by name.
    const bare = { ...ev('CreateTags'), eventSource: '' };
    expect(refreshPlan([bare], collectors).map((t) => t.collector)).toEqual(['test-instance', 'test-user']);
  });

  it('routes same-named events of the real collectors to their own service only', () => {
    const aws = loadUnits().collectors.filter((c) => c.provider === 'aws');
    const hit = (eventSource: string, eventName: string) =>
      refreshPlan([ev(eventName, { eventSource, requestParameters: { name: 'x' } })], aws)
        .map((t) => t.collector)
        .sort();
    expect(hit('iam.amazonaws.com', 'CreatePolicy')).toEqual(['aws-iam-policy']);
    expect(hit('organizations.amazonaws.com', 'CreatePolicy')).toEqual(['aws-organizations-policy']);
    expect(hit('eks.amazonaws.com', 'CreateCluster')).toEqual(['aws-eks-cluster']);
    expect(hit('ecs.amazonaws.com', 'CreateCluster')).toEqual(['aws-ecs-cluster']);
    expect(hit('sqs.amazonaws.com', 'AddPermission')).toEqual(['aws-sqs-queue']);
    expect(hit('monitoring.amazonaws.com', 'PutMetricAlarm')).toEqual(['aws-cloudwatch-alarm']);
    expect(hit('elasticfilesystem.amazonaws.com', 'TagResource')).toEqual(['aws-efs-file-system']);
  });

  it('maps offline CloudTrail records normalised by the log source the same way', () => {
    const e = normaliseCloudTrail(trail('RunInstances', { responseElements: { instancesSet: { items: [{ instanceId: 'i-7' }] } } }));
    expect(refreshPlan([e], collectors)).toMatchObject([{ collector: 'test-instance', ids: expect.arrayContaining(['i-7']), full: false }]);
  });

  it('every AWS collector service has a CloudTrail event source', () => {
    for (const c of loadUnits().collectors.filter((x) => x.provider === 'aws'))
      for (const t of c.triggers ?? []) expect(parseTrigger(t, c.service).source, `${c.id} ${t}`).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
    expect(eventSourceOf('elbv2')).toBe('elasticloadbalancing.amazonaws.com');
  });

  it('finds ids in resources and id-like request fields only', () => {
    expect(
      idsOf({
        resources: [{ id: 'arn:aws:s3:::b' }],
        requestParameters: { bucketName: 'b', acl: 'private', description: 'two words' },
        responseElements: null,
      }).sort(),
    ).toEqual(['arn:aws:s3:::b', 'b']);
  });

  it('unwraps EventBridge, SNS-wrapped, S3 and CloudTrail-SNS envelopes', () => {
    const eb = JSON.stringify({
      'detail-type': 'AWS API Call via CloudTrail',
      account: ACC,
      region: 'eu-west-1',
      detail: { eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com' },
    });
    expect(unwrapMessage(eb).records[0]).toMatchObject({ eventName: 'RunInstances', recipientAccountId: ACC, awsRegion: 'eu-west-1' });
    expect(unwrapMessage(JSON.stringify({ Type: 'Notification', Message: eb })).records).toHaveLength(1);
    expect(
      unwrapMessage(JSON.stringify({ Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'trail' }, object: { key: 'AWSLogs/x+y.json.gz' } } }] }))
        .objects,
    ).toEqual([{ bucket: 'trail', key: 'AWSLogs/x y.json.gz' }]);
    expect(unwrapMessage(JSON.stringify({ s3Bucket: 'trail', s3ObjectKey: ['k1'] })).objects).toEqual([{ bucket: 'trail', key: 'k1' }]);
    expect(unwrapMessage('not json')).toEqual({ records: [], objects: [] });
  });
});

describe('watchQueue', () => {
  const mocks: { restore(): void }[] = [];
  afterEach(() => {
    for (const m of mocks.splice(0)) m.restore();
  });

  it('refreshes touched resources from EventBridge and CloudTrail-file messages, records deletes with the actor, deletes messages', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    live.clear();
    live.set('i-1', { InstanceId: 'i-1', State: 'running' });
    const ec2 = mockClient(EC2Client);
    const sqs = mockClient(SQSClient);
    const s3 = mockClient(S3Client);
    mocks.push(ec2, sqs, s3);
    ec2.on(DescribeInstancesCommand).callsFake((i: { Filters?: { Values: string[] }[] }) => {
      const want = i.Filters?.[0]?.Values;
      return { Reservations: [{ Instances: [...live.values()].filter((x) => !want || want.includes(x.InstanceId)) }] };
    });
    const eb = {
      'detail-type': 'AWS API Call via CloudTrail',
      account: ACC,
      region: 'us-east-1',
      detail: trail('RunInstances', { responseElements: { instancesSet: { items: [{ instanceId: 'i-1' }] } } }),
    };
    const file = gzipSync(
      JSON.stringify({ Records: [trail('TerminateInstances', { requestParameters: { instancesSet: { items: [{ instanceId: 'i-1' }] } } })] }),
    );
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: JSON.stringify(eb) }] })
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'm2',
            ReceiptHandle: 'r2',
            Body: JSON.stringify({ Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'trail' }, object: { key: 'f.json.gz' } } }] }),
          },
        ],
      })
      .resolves({ Messages: [] });
    s3.on(GetObjectCommand).callsFake(() => {
      // Between the two messages the instance was terminated.
      live.delete('i-1');
      return { Body: { transformToByteArray: async () => new Uint8Array(file) } as never };
    });
    sqs.on(DeleteMessageBatchCommand).resolves({});
    const factory = new ClientFactory({ clientConfig: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
    const totals = await watchQueue({
      store,
      factory,
      collectors,
      queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACC}/skywatch-events`,
      once: true,
      waitSeconds: 0,
    });
    expect(totals).toEqual({ messages: 2, events: 2, refreshed: 2 });
    const id = `arn:aws:ec2:us-east-1:${ACC}:instance/i-1`;
    const changes = (await store.resources.changes({ resourceId: id })).map((c) => [c.kind, c.actor, c.eventId]);
    expect(changes).toEqual([
      ['delete', `arn:aws:iam::${ACC}:user/bob`, 'ev-TerminateInstances'],
      ['create', `arn:aws:iam::${ACC}:user/bob`, 'ev-RunInstances'],
    ]);
    expect(sqs.commandCalls(DeleteMessageBatchCommand).map((c) => c.args[0].input.Entries?.map((e) => e.ReceiptHandle))).toEqual([['r1'], ['r2']]);
    await store.close();
  });
});
