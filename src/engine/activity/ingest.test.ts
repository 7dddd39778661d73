import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';
import type { GeoLookup } from '../../core/intel.js';
import { NO_INTEL } from '../../core/intel.js';
import { loadUnits } from '../units.js';
import { checkpointKey, ingestCloudTrail } from './ingest.js';
import { objectsInMessage } from './sources.js';

const ACCOUNT = '222222222222';
const rec = (i: number, over: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventID: `evt-${i}`,
  eventTime: new Date(Date.parse('2026-11-18T10:00:00Z') + i * 1000).toISOString(),
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.10',
  userAgent: 'aws-cli/2.15.0',
  readOnly: true,
  recipientAccountId: ACCOUNT,
  userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice', accessKeyId: 'AKIAALICE' },
  ...over,
});
const stop = (i: number) =>
  rec(i, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', readOnly: false, requestParameters: { name: `trail-${i}` } });

const fakeGeo: GeoLookup = {
  lookup: (ip) => (ip === '45.148.10.240' ? { country: 'AD', asn: 64501, asOrg: 'Far Away Hosting' } : { country: 'GB', asn: 64500, asOrg: 'Acme ISP' }),
};
const deps = { intel: NO_INTEL, geo: fakeGeo };
const detectors = loadUnits().detectors;

function trailDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
  mkdirSync(join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '11', '18'), { recursive: true });
  const day = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '11', '18');
  // Three files of 40 records; each has one StopLogging on a distinct trail → 3 findings.
  for (let f = 0; f < 3; f++) {
    const records = Array.from({ length: 40 }, (_, i) => (i === 20 ? stop(f * 100 + i) : rec(f * 100 + i)));
    writeFileSync(join(day, `${f}.json`), JSON.stringify({ Records: records }));
  }
  // Bad records: invalid JSON line, a record missing eventName.
  writeFileSync(join(day, '3.jsonl'), `${JSON.stringify(rec(900))}\n{broken\n${JSON.stringify({ ...rec(901), eventName: undefined })}\n`);
  return dir;
}

describe.each(testDialects())('ingestCloudTrail on $name', (dialect) => {
  it('records findings with evidence, counts bad records with locations, and resumes a killed ingest without duplicates', async () => {
    const store = await dialect.open();
    try {
      const dir = trailDir();
      const base = { target: { kind: 'local' as const, path: dir }, store, deps, detectors, checkpointEvery: 10 };
      // "Kill" in the middle of the second file.
      const first = await ingestCloudTrail({ ...base, stopAfterRecords: 65 });
      expect(first.records).toBe(65);
      const afterKill = await store.findings.list({ source: 'activity', ruleId: 'aws-cloudtrail-logging-tampered' });
      expect(afterKill.items).toHaveLength(1);
      const second = await ingestCloudTrail(base);
      expect(second.resumedPast).toBe(1);
      // 120 - 60 (checkpointed) records of the delivery files + 3 lines, bad ones included.
      expect(second.records).toBe(63);
      expect(second.badRecords).toBe(2);
      expect(second.bad.map((b) => b.location).sort()).toEqual([expect.stringMatching(/3\.jsonl:2$/), expect.stringMatching(/3\.jsonl:3$/)]);
      expect(second.bad.find((b) => b.location.endsWith(':3'))?.reason).toMatch(/eventName/);
      const findings = (await store.findings.list({ source: 'activity', ruleId: 'aws-cloudtrail-logging-tampered' })).items;
      expect(findings).toHaveLength(3);
      const f = findings.find((x) => x.resourceId?.endsWith('trail/trail-20'));
      expect(f?.attack).toEqual(['T1562.008']);
      expect(f?.evidence.events).toEqual([
        expect.objectContaining({
          eventId: 'evt-20',
          action: 'cloudtrail:StopLogging',
          actor: `arn:aws:iam::${ACCOUNT}:user/alice`,
          time: '2026-11-18T10:00:20.000Z',
        }),
      ]);
      // A third run reads nothing new and creates nothing.
      const third = await ingestCloudTrail(base);
      expect(third.records).toBe(0);
      expect(third.findings.created).toBe(0);
    } finally {
      await store.dispose();
    }
  });

  it('a killed ingest resumed from a checkpoint inside a burst window finds what an uninterrupted run finds, once', async () => {
    // One file: an enumeration burst (30 distinct Describe calls, one a second) and five failed
    // console logins from one address, interleaved, so both windows are open at the checkpoint.
    const dir = mkdtempSync(join(tmpdir(), 'burst-'));
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      records.push(rec(i * 2, { eventName: `DescribeThing${i}`, userIdentity: { ...rec(0).userIdentity, arn: `arn:aws:iam::${ACCOUNT}:user/mallory` } }));
      if (i % 6 === 0)
        records.push(
          rec(i * 2 + 1, {
            eventSource: 'signin.amazonaws.com',
            eventName: 'ConsoleLogin',
            readOnly: false,
            sourceIPAddress: '203.0.113.66',
            userAgent: 'Mozilla/5.0',
            responseElements: { ConsoleLogin: 'Failure' },
            userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userName: 'admin' },
          }),
        );
    }
    writeFileSync(join(dir, 'burst.json'), JSON.stringify({ Records: records }));
    const summary = async (store: Awaited<ReturnType<typeof dialect.open>>) =>
      (await store.findings.list({ source: 'activity' }, { limit: 500 })).items
        .map((f) => ({
          ruleId: f.ruleId,
          dedupKey: f.dedupKey,
          severity: f.severity,
          events: (f.evidence.events as { eventId: string }[]).map((x) => x.eventId),
        }))
        .sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : 1));
    const bursts = ['aws-cloudtrail-enumeration-burst', 'aws-cloudtrail-console-login-failure-burst'];
    const whole = await dialect.open();
    const split = await dialect.open();
    try {
      const opts = { target: { kind: 'local' as const, path: dir }, deps, detectors, checkpointEvery: 10 };
      await ingestCloudTrail({ ...opts, store: whole });
      const expected = await summary(whole);
      // Both bursts complete only after record 20: an uninterrupted run finds them.
      expect(expected.map((f) => f.ruleId)).toEqual(expect.arrayContaining(bursts));
      // Killed at record 15: the checkpoint (record 10) holds a half-open window of each burst.
      const killed = await ingestCloudTrail({ ...opts, store: split, stopAfterRecords: 15 });
      expect(killed.findings.byRule['aws-cloudtrail-enumeration-burst']).toBeUndefined();
      expect(await split.checkpoints.get(checkpointKey(opts.target))).toMatchObject({
        current: { name: 'burst.json', records: 10 },
        state: {
          detectors: { 'aws-cloudtrail-enumeration-burst': expect.arrayContaining([expect.objectContaining({ k: `arn:aws:iam::${ACCOUNT}:user/mallory` })]) },
        },
      });
      const resumed = await ingestCloudTrail({ ...opts, store: split });
      expect(resumed.records).toBe(records.length - 10);
      expect(await summary(split)).toEqual(expected);
      // Running again over the same files changes nothing and duplicates nothing.
      await ingestCloudTrail({ ...opts, store: split });
      expect(await summary(split)).toEqual(expected);
    } finally {
      await whole.dispose();
      await split.dispose();
    }
  });

  it('persists baselines: no behaviour alerts while learning, then a new country and action alert in a later run', async () => {
    const store = await dialect.open();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'bl-'));
      const day = (d: number) => Date.parse('2026-11-10T09:00:00Z') + d * 86_400_000;
      const normal = Array.from({ length: 80 }, (_, i) => rec(i, { eventTime: new Date(day(Math.floor(i / 10)) + (i % 10) * 60_000).toISOString() }));
      writeFileSync(join(dir, 'week.jsonl'), `${normal.map((r) => JSON.stringify(r)).join('\n')}\n`);
      const opts = { store, deps, detectors, baselines: { enabled: true, learningMs: 5 * 86_400_000, threshold: 50 } };
      const r1 = await ingestCloudTrail({ ...opts, target: { kind: 'local', path: dir } });
      expect(r1.findings.byRule['aws-cloudtrail-behaviour-anomaly']).toBeUndefined();
      const dir2 = mkdtempSync(join(tmpdir(), 'bl2-'));
      const odd = rec(1000, {
        eventTime: new Date(day(9)).toISOString(),
        sourceIPAddress: '45.148.10.240',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        readOnly: false,
        requestParameters: { userName: 'bob' },
      });
      writeFileSync(join(dir2, 'attack.jsonl'), `${JSON.stringify(odd)}\n`);
      const r2 = await ingestCloudTrail({ ...opts, target: { kind: 'local', path: dir2 } });
      expect(r2.findings.byRule['aws-cloudtrail-behaviour-anomaly']).toBe(1);
      const f = (await store.findings.list({ ruleId: 'aws-cloudtrail-behaviour-anomaly' })).items[0];
      const factors = ((f as NonNullable<typeof f>).evidence.details as { factors: { factor: string; explanation: string }[] }).factors;
      expect(factors.map((x) => x.factor).sort()).toEqual(['new-asn', 'new-country', 'sensitive-action']);
      expect(factors.find((x) => x.factor === 'new-country')?.explanation).toMatch(/AD never seen \(baseline: GB\)/);
      const p = await store.identities.get(`arn:aws:iam::${ACCOUNT}:user/alice`);
      expect(p?.events).toBe(81);
    } finally {
      await store.dispose();
    }
  });
});

describe('S3 and SQS', () => {
  const s3 = mockClient(S3Client);
  const sqs = mockClient(SQSClient);
  afterEach(() => {
    s3.reset();
    sqs.reset();
  });
  const body = (records: unknown[]) => Readable.from([Buffer.from(JSON.stringify({ Records: records }))]);

  it('lists an S3 prefix by key after the checkpoint and reads each object', async () => {
    const [d] = testDialects();
    const store = await (d as NonNullable<typeof d>).open();
    try {
      s3.on(ListObjectsV2Command).resolves({
        Contents: [{ Key: 'AWSLogs/2/CloudTrail/us-east-1/2026/11/18/a.json.gz' }, { Key: 'AWSLogs/2/CloudTrail/us-east-1/2026/11/18/b.json.gz' }],
      });
      s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: body([input.Key.endsWith('a.json.gz') ? stop(1) : rec(2)]) }));
      const s3Client = new S3Client({ region: 'us-east-1' });
      const r = await ingestCloudTrail({ target: { kind: 's3', bucket: 'trail', prefix: 'AWSLogs/' }, store, deps, detectors, s3: s3Client });
      expect(r.objects).toBe(2);
      expect(r.events).toBe(2);
      expect(r.findings.byRule['aws-cloudtrail-logging-tampered']).toBe(1);
      expect(await store.checkpoints.get('activity:cloudtrail:s3://trail/AWSLogs/')).toMatchObject({
        after: 's3://trail/AWSLogs/2/CloudTrail/us-east-1/2026/11/18/b.json.gz',
        state: { version: 1 },
      });
      // The second run asks S3 to start after the checkpoint key.
      s3.on(ListObjectsV2Command).resolves({ Contents: [] });
      await ingestCloudTrail({ target: { kind: 's3', bucket: 'trail', prefix: 'AWSLogs/' }, store, deps, detectors, s3: s3Client });
      const calls = s3.commandCalls(ListObjectsV2Command);
      expect(calls[calls.length - 1]?.args[0].input.StartAfter).toBe(
        's3://trail/AWSLogs/2/CloudTrail/us-east-1/2026/11/18/b.json.gz'.replace('s3://trail/', ''),
      );
    } finally {
      await store.dispose();
    }
  });

  it('drains an SQS queue of S3 notifications and deletes each message after processing', async () => {
    const note = { Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'trail' }, object: { key: 'AWSLogs/x+y.json.gz' } } }] };
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify({ Type: 'Notification', Message: JSON.stringify(note) }) }] })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});
    s3.on(GetObjectCommand).resolves({ Body: body([stop(5)]) as never });
    const r = await ingestCloudTrail({
      target: { kind: 'sqs', queueUrl: 'https://sqs.us-east-1.amazonaws.com/2/q' },
      deps,
      detectors,
      s3: new S3Client({ region: 'us-east-1' }),
      sqs: new SQSClient({ region: 'us-east-1' }),
    });
    expect(r.events).toBe(1);
    expect(r.findings.byRule['aws-cloudtrail-logging-tampered']).toBe(1);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input.Key).toBe('AWSLogs/x y.json.gz');
    expect(sqs.commandCalls(DeleteMessageCommand)[0]?.args[0].input.ReceiptHandle).toBe('h1');
  });

  it('reads CloudTrail SNS and EventBridge notifications too', () => {
    expect(objectsInMessage(JSON.stringify({ s3Bucket: 'b', s3ObjectKey: ['k1', 'k2'] }))).toEqual([
      { bucket: 'b', key: 'k1' },
      { bucket: 'b', key: 'k2' },
    ]);
    expect(objectsInMessage(JSON.stringify({ 'detail-type': 'Object Created', detail: { bucket: { name: 'b' }, object: { key: 'k' } } }))).toEqual([
      { bucket: 'b', key: 'k' },
    ]);
    expect(objectsInMessage('not json')).toEqual([]);
  });
});

describe('activity.ingest-cloudtrail job', () => {
  it('validates its data and ingests a target like the CLI', async () => {
    const { runIngestJob } = await import('./jobs.js');
    const [d] = testDialects();
    const store = await (d as NonNullable<typeof d>).open();
    const pino = (await import('pino')).default;
    const log = pino({ level: 'silent' });
    try {
      await expect(runIngestJob(store, { target: 1 }, log)).rejects.toThrow(/target/);
      const dir = mkdtempSync(join(tmpdir(), 'job-'));
      writeFileSync(join(dir, 'a.jsonl'), `${JSON.stringify(stop(1))}\n`);
      const s = await runIngestJob(store, { target: dir }, log);
      expect(s.findings.byRule['aws-cloudtrail-logging-tampered']).toBe(1);
      // A retried job resumes from the checkpoint: nothing is read twice.
      expect((await runIngestJob(store, { target: dir }, log)).records).toBe(0);
    } finally {
      await store.dispose();
    }
  });
});

describe.each(testDialects())('owner attribution on $name', (dialect) => {
  it("records each inventory resource's latest successful write of a flush, with its actor and time", async () => {
    const store = await dialect.open();
    try {
      const trail = (n: string) => `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${n}`;
      await store.resources.upsertMany(
        ['a', 'b'].map((n) => ({
          id: trail(n),
          type: 'aws.cloudtrail.trail',
          provider: 'aws' as const,
          account: ACCOUNT,
          region: 'us-east-1',
          name: n,
          arn: trail(n),
          tags: {},
          config: {},
        })),
        { at: '2026-11-17T00:00:00.000Z' },
      );
      const bob = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, accountId: ACCOUNT, userName: 'bob' };
      const write = (i: number, name: string, over: Record<string, unknown> = {}) =>
        rec(i, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'UpdateTrail', readOnly: false, requestParameters: { name }, ...over });
      const dir = mkdtempSync(join(tmpdir(), 'ingest-owner-'));
      // Trail a: alice at 5 s, bob at 9 s, then a record delivered late (alice at 2 s) and a failed
      // call (bob at 20 s) that must not win. Trail b: one write. Trail c is not in the inventory.
      const records = [
        write(5, 'a'),
        write(9, 'a', { userIdentity: bob }),
        write(2, 'a'),
        write(20, 'a', { userIdentity: bob, errorCode: 'AccessDenied' }),
        write(7, 'b', { eventName: 'CreateTrail' }),
        write(8, 'c'),
      ];
      writeFileSync(join(dir, 'x.json'), JSON.stringify({ Records: records }));
      await ingestCloudTrail({ target: { kind: 'local', path: dir }, store, deps, detectors });
      const a = await store.resources.changes({ resourceId: trail('a') });
      expect(a.filter((c) => c.eventId).map((c) => [c.eventId, c.actor, c.at, c.kind])).toEqual([
        ['evt-9', `arn:aws:iam::${ACCOUNT}:user/bob`, '2026-11-18T10:00:09.000Z', 'modify'],
      ]);
      const b = await store.resources.changes({ resourceId: trail('b') });
      expect(b.filter((c) => c.eventId).map((c) => [c.eventId, c.kind])).toEqual([['evt-7', 'create']]);
    } finally {
      await store.close();
    }
  });
});
