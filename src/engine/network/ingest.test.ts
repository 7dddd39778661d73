import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { type TestDialect, testDialects } from '../../../test/support/stores.js';
import type { ResourceRecord } from '../../core/resource.js';
import { IntelMatcher } from '../intel/matcher.js';
import { AttributionIndex, buildAttributionIndex, observedListeningPorts } from './attribution.js';
import { ingestDnsLogs, ingestFlowLogs } from './ingest.js';
import { s3Lister } from './s3.js';

const T = 1763632800; // 2025-11-20T10:00:00Z
const line = (src: string, dst: string, sp: number, dp: number, action = 'ACCEPT', eni = 'eni-0a1b2c3d4e5f60002', bytes = 900, t = T) =>
  `2 222222222222 ${eni} ${src} ${dst} ${sp} ${dp} 6 10 ${bytes} ${t} ${t + 30} ${action} OK`;

const db: ResourceRecord = {
  id: 'arn:aws:rds:us-east-1:222222222222:db:orders-db',
  type: 'aws.rds.db-instance',
  provider: 'aws',
  account: '222222222222',
  region: 'us-east-1',
  name: 'orders-db',
  tags: {},
  config: { DBInstanceIdentifier: 'orders-db', VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0a1b2c3d4e5f60002' }] },
};
const eni: ResourceRecord = {
  id: 'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0a1b2c3d4e5f60002',
  type: 'aws.ec2.network-interface',
  provider: 'aws',
  account: '222222222222',
  region: 'us-east-1',
  name: 'eni-0a1b2c3d4e5f60002',
  tags: {},
  config: {
    NetworkInterfaceId: 'eni-0a1b2c3d4e5f60002',
    Description: 'RDSNetworkInterface',
    InterfaceType: 'interface',
    PrivateIpAddress: '10.20.2.30',
    PrivateIpAddresses: [{ PrivateIpAddress: '10.20.2.30', Association: { PublicIp: '54.210.10.30' } }],
    Association: { PublicIp: '54.210.10.30' },
    Groups: [{ GroupId: 'sg-0a1b2c3d4e5f60002' }],
  },
};
const intel = IntelMatcher.build([{ feed: 'ipsum', indicators: [{ value: '93.174.95.106', kind: 'ip', confidence: 80, category: 'malicious' }] }]);

describe('attribution', () => {
  it('maps an RDS ENI and its addresses to the database, and picks the owner at the flow time', () => {
    const idx = AttributionIndex.fromInventory([{ record: eni }, { record: db }]);
    expect(idx.eni('eni-0a1b2c3d4e5f60002', 0)).toMatchObject({
      id: db.id,
      type: 'aws.rds.db-instance',
      securityGroups: ['sg-0a1b2c3d4e5f60002'],
      public: true,
    });
    expect(idx.address('54.210.10.30', 0)?.id).toBe(db.id);
    const a = { ...eni, id: `${eni.id}-a`, config: { NetworkInterfaceId: 'eni-a', Attachment: { InstanceId: 'i-old' }, PrivateIpAddress: '10.0.0.9' } };
    const b = { ...eni, id: `${eni.id}-b`, config: { NetworkInterfaceId: 'eni-b', Attachment: { InstanceId: 'i-new' }, PrivateIpAddress: '10.0.0.9' } };
    const inst = (id: string): ResourceRecord => ({
      ...db,
      id: `arn:aws:ec2:us-east-1:222222222222:instance/${id}`,
      type: 'aws.ec2.instance',
      name: id,
      config: { InstanceId: id },
    });
    const moved = AttributionIndex.fromInventory([
      { record: a, firstSeen: '2026-01-01T00:00:00Z', deletedAt: '2026-02-01T00:00:00Z' },
      { record: b, firstSeen: '2026-02-02T00:00:00Z' },
      { record: inst('i-old') },
      { record: inst('i-new') },
    ]);
    expect(moved.address('10.0.0.9', Date.parse('2026-01-15T00:00:00Z'))?.name).toBe('i-old');
    expect(moved.address('10.0.0.9', Date.parse('2026-03-01T00:00:00Z'))?.name).toBe('i-new');
    // An address two resources held in turn is nobody's at every time; the RDS ENI's first address is its own.
    expect(moved.staticV4Of(inst('i-old').id)).toBe(-1);
    expect(moved.staticV4Of(inst('i-new').id)).toBe(-1);
    expect(idx.staticV4Of(db.id)).toBe(0x0a14021e);
  });
});

describe.each(testDialects().map((d) => [d.name, d] as const))('flow and DNS ingest (%s)', (_n, dialect) => {
  it('attributes, detects, records bad lines with file:line, stores ports, and resumes from checkpoints', async () => {
    const store = await dialect.open();
    try {
      await store.resources.upsertMany([eni, db], { at: '2025-11-01T00:00:00.000Z' });
      const dir = mkdtempSync(join(tmpdir(), 'sw-flow-'));
      const plain = [
        line('93.174.95.106', '10.20.2.30', 51000, 5432),
        line('10.20.2.30', '93.174.95.106', 5432, 51000),
        'garbage line here',
        line('198.51.100.7', '10.20.2.30', 40000, 5432),
      ];
      writeFileSync(join(dir, 'a.log'), `${plain.join('\n')}\n`);
      writeFileSync(
        join(dir, 'b.log.gz'),
        gzipSync(
          `${Array.from({ length: 30 }, (_, i) => line('62.60.130.242', '10.20.2.30', 40000, 1000 + i, 'REJECT', 'eni-0a1b2c3d4e5f60002', 40, T + i)).join('\n')}\n`,
        ),
      );
      const index = await buildAttributionIndex(store);
      const r = await ingestFlowLogs([dir], { store, intel, index });
      expect(r).toMatchObject({ objects: 2, lines: 34, records: 33, errors: 1 });
      expect(r.errorSample[0]).toBe(`${join(dir, 'a.log')}:3: a line of 3 fields matches no default flow-log layout; give the header or the field list`);
      expect((await store.network.errors())[0]).toMatchObject({ kind: 'flowlogs', location: join(dir, 'a.log'), line: 3 });
      const findings = await store.findings.list({ source: 'network' });
      const byRule = new Map(findings.items.map((f) => [f.ruleId, f]));
      expect(byRule.get('aws-vpc-flow-inbound-from-listed-address')).toMatchObject({
        resourceId: db.id,
        severity: 'high',
        evidence: { peer: '93.174.95.106', ports: [5432], bytes: 1800, packets: 20, hits: 2 },
      }); // request and response records
      expect(byRule.get('aws-vpc-flow-port-scan')).toMatchObject({ resourceId: db.id, evidence: { peer: '62.60.130.242' } });
      const ports = await observedListeningPorts(store, db.id);
      expect(ports).toEqual([expect.objectContaining({ port: 5432, protocol: 'tcp', direction: 'inbound', flows: 3, peers: 2, bytes: 2700 })]);
      // A second run skips finished files.
      expect(await ingestFlowLogs([dir], { store, intel, index })).toMatchObject({ objects: 0, skippedObjects: 2, lines: 0 });
    } finally {
      await store.dispose();
    }
  });

  it('a killed ingest resumes after its last checkpoint without double counting', async () => {
    const store = await dialect.open();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'sw-flow-'));
      const lines = Array.from({ length: 5000 }, (_, i) =>
        line(`198.51.${i % 200}.${i % 250}`, '10.20.2.30', 40000 + (i % 1000), 443, 'ACCEPT', 'eni-x', 100, T + i),
      );
      writeFileSync(
        join(dir, 'big.log'),
        `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n${lines.join('\n')}\n`,
      );
      const first = await ingestFlowLogs([dir], { store, intel, checkpointEvery: 1000, stopAfterLines: 1 });
      expect(first.stopped).toBe(true);
      const ck = await store.checkpoints.get<{ line: number; done: boolean }>(`network:flowlogs:${join(dir, 'big.log')}`);
      expect(ck?.done).toBe(false);
      const second = await ingestFlowLogs([dir], { store, intel, checkpointEvery: 1000 });
      expect(first.records + second.records).toBe(5000);
      const ports = await store.network.ports();
      expect(ports.reduce((s, p) => s + p.flows, 0)).toBe(5000);
    } finally {
      await store.dispose();
    }
  });

  it('reads S3 prefixes and DNS logs', async () => {
    const store = await dialect.open();
    try {
      const s3 = mockClient(S3Client);
      s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'AWSLogs/333333333333/vpcdnsquerylogs/a.log.gz' }], IsTruncated: false });
      const body = [
        JSON.stringify({
          account_id: '333333333333',
          region: 'eu-west-1',
          query_timestamp: '2026-11-20T10:00:00Z',
          query_name: 'minexmr.stream.',
          query_type: 'A',
          rcode: 'NOERROR',
          answers: [],
          srcaddr: '10.30.1.40',
          srcids: { instance: 'i-0d1e2f3a4b5c60003' },
        }),
        '{"broken": ',
        JSON.stringify({
          query_timestamp: '2026-11-20T10:00:01Z',
          query_name: 'www.example.com.',
          query_type: 'A',
          rcode: 'NOERROR',
          answers: [],
          srcaddr: '10.30.1.40',
        }),
      ].join('\n');
      s3.on(GetObjectCommand).callsFake(() => ({ Body: sdkStreamMixin(Readable.from([gzipSync(body)])) }));
      const mining = IntelMatcher.build([{ feed: 'pools', category: 'mining', indicators: [{ value: 'minexmr.stream', kind: 'domain' }] }]);
      const r = await ingestDnsLogs(['s3://logs/AWSLogs/333333333333/vpcdnsquerylogs/'], {
        store,
        intel: mining,
        s3: s3Lister(new S3Client({ region: 'us-east-1' })),
      });
      expect(r).toMatchObject({ objects: 1, lines: 3, records: 2, errors: 1 });
      expect(r.errorSample[0]).toMatch(/^s3:\/\/logs\/AWSLogs\/333333333333\/vpcdnsquerylogs\/a\.log\.gz:2: /);
      const f = (await store.findings.list({ source: 'network', ruleId: 'aws-route53-resolver-mining-domain' })).items[0];
      expect(f).toMatchObject({ resourceId: 'arn:aws:ec2:eu-west-1:333333333333:instance/i-0d1e2f3a4b5c60003', evidence: { peer: 'minexmr.stream' } });
      s3.restore();
    } finally {
      await store.dispose();
    }
  });
});

describe('network ingest job', () => {
  it('runs through the embedded queue and is idempotent on retry', async () => {
    const { EmbeddedQueue } = await import('../../jobs/embedded.js');
    const { JOB_HANDLERS } = await import('../jobs.js');
    const { enqueueNetworkIngest, NETWORK_INGEST_JOB } = await import('./jobs.js');
    const store = await (testDialects()[0] as TestDialect).open();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'sw-flow-job-'));
      writeFileSync(join(dir, 'a.log'), `${line('93.174.95.106', '10.20.2.30', 51000, 5432)}\n`);
      const queue = new EmbeddedQueue();
      await queue.start();
      const handler = JOB_HANDLERS[NETWORK_INGEST_JOB] as { handle(d: unknown, rt: unknown, id: string): Promise<void> };
      await queue.work(NETWORK_INGEST_JOB, {}, (job) => handler.handle(job.data, { store, log: undefined, worker: 'test' }, job.id));
      await enqueueNetworkIngest(queue, { kind: 'flowlogs', inputs: [dir] });
      await queue.drain(20_000);
      await handler.handle({ kind: 'flowlogs', inputs: [dir] }, { store, worker: 'test' }, 'retry');
      const audits = await store.audit.list({ action: 'network.ingested' });
      expect(audits.map((a) => (a.details as { records: number }).records).sort()).toEqual([0, 1]);
      await queue.stop();
    } finally {
      await store.dispose();
    }
  });
});
