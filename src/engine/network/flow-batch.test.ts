import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { DEMO_FLOW_HEADER, DEMO_HOSTS, attacks, background, demoNetworkLogs, flowLine, flowLineV2 } from '../../demo/network-traffic.js';
import { type FlowEvent, flowTraits, retainEvent } from '../../core/network-events.js';
import { IntelMatcher } from '../intel/matcher.js';
import { feedLines } from '../../../test/support/flow-lines.js';
import type { FlowRecord } from '../../core/events.js';
import type { ResourceRecord } from '../../core/resource.js';
import { FlowStreamParser } from '../../providers/aws/logs/vpc-flow-parser.js';
import { AttributionIndex } from './attribution.js';
import { FlowEnricher } from './enrich.js';
import { FlowBatch } from './flow-batch.js';
import { type NetworkIngestOptions, ingestFlowLogs } from './ingest.js';

/**
 * The batch path must give the detectors what the object path gives them: the same inputs through
 * both (`objectPath: true` is the one-object-per-record reference) must store the same findings,
 * ports and errors. The inputs mix layouts, a header change, IPv6, NODATA/SKIPDATA and bad lines.
 */
async function run(dir: string, o: Partial<NetworkIngestOptions>) {
  const home = mkdtempSync(join(tmpdir(), 'sw-flow-eq-'));
  const store = await openStore({ home });
  try {
    const intel = IntelMatcher.build([
      {
        feed: 'test',
        indicators: [
          { value: '45.148.10.240', kind: 'ip', category: 'malicious', confidence: 90 },
          { value: '62.60.130.0/24', kind: 'cidr', category: 'scanner' },
          { value: '2001:db8:bad::/48', kind: 'cidr', category: 'malicious' },
        ],
      },
    ]);
    const report = await ingestFlowLogs([dir], { store, intel, checkpoint: false, ...o });
    const findings = (await store.findings.list({ source: 'network' }, { limit: 1000 })).items
      .map((f) => ({ dedupKey: f.dedupKey, ruleId: f.ruleId, title: f.title, severity: f.severity, resourceId: f.resourceId, evidence: f.evidence }))
      .sort((a, b) => a.dedupKey.localeCompare(b.dedupKey));
    const ports = (await store.network.ports({})).map(({ resourceId, port, protocol, direction, flows, bytes, peers, firstSeen, lastSeen }) => ({
      resourceId,
      port,
      protocol,
      direction,
      flows,
      bytes,
      peers,
      firstSeen,
      lastSeen,
    }));
    ports.sort((a, b) => `${a.resourceId}${a.port}${a.direction}`.localeCompare(`${b.resourceId}${b.port}${b.direction}`));
    const { durationMs: _d, stageMs: _s, storeMs: _m, ...counts } = report;
    return { counts, findings, ports };
  } finally {
    await store.close();
  }
}

describe('flow batch path', () => {
  it('stores the same findings, ports and errors as the object path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-flow-eq-in-'));
    const { flows } = demoNetworkLogs();
    const { mongo, web1, web2, database } = DEMO_HOSTS;
    const t = flows[0]?.start ?? 0;
    const extra = [
      ...attacks.sweep([mongo, web1, web2, database], '62.60.130.9', 27017, t + 100),
      ...attacks.bruteForce(web1, '45.148.10.240', 22, t + 200),
      ...attacks.exfiltration(web2, '203.0.113.99', t + 30 * 3600),
      ...background([mongo, web1], t, 4, 3, 50),
    ].sort((a, b) => a.start - b.start);
    // v5 with a header (the demo's files), v2 headerless, and v2 with odd lines mixed in.
    writeFileSync(join(dir, 'a-v5.log'), `${DEMO_FLOW_HEADER}\n${flows.map(flowLine).join('\n')}\n`);
    const v2 = extra.map(flowLineV2);
    const odd = [
      `2 222222222222 ${web1.eni} 2001:db8:bad::7 2001:db8:1::10 51000 443 6 3 180 ${t + 5} ${t + 10} ACCEPT OK`,
      `2 222222222222 ${web1.eni} 010.0.0.1 10.0.0.2 51000 443 6 3 180 ${t + 5} ${t + 10} ACCEPT OK`,
      `2 222222222222 ${web1.eni} - - - - - - - ${t + 5} ${t + 65} - NODATA`,
      `2 222222222222 ${web1.eni} - - - - - - - ${t + 5} ${t + 65} - SKIPDATA`,
      `2 222222222222 ${web1.eni} 10.0.0.1 10.0.0.2 51000 443 6 3 180 ${t + 5} ${t + 10} MAYBE OK`,
      `2 222222222222 ${web1.eni} 10.0.0.1 10.0.0.2 x 443 6 3 180 ${t + 5} ${t + 10} ACCEPT OK`,
      'not a flow record',
      '',
      `2026-11-20T10:00:00.000Z 2 222222222222 ${web2.eni} 45.148.10.240 ${web2.privateIp} 51000 22 6 3 180 ${t + 5} ${t + 10} ACCEPT OK`,
    ];
    const mixed = [...v2.slice(0, 50), ...odd, ...v2.slice(50)];
    writeFileSync(join(dir, 'b-v2.log'), `${mixed.join('\n')}\n`);
    // A header mid-file switches the layout for the lines after it.
    writeFileSync(join(dir, 'c-switch.log'), `${v2.slice(0, 40).join('\n')}\n${DEMO_FLOW_HEADER}\n${flows.slice(0, 200).map(flowLine).join('\n')}\r\n`);
    const objects = await run(dir, { objectPath: true });
    const batch = await run(dir, {});
    expect(objects.counts.errors).toBeGreaterThan(2);
    expect(objects.findings.length).toBeGreaterThan(5);
    expect([...new Set(objects.findings.map((f) => f.ruleId))]).toEqual(
      expect.arrayContaining(['aws-vpc-flow-port-scan', 'aws-vpc-flow-brute-force', 'aws-vpc-flow-crypto-mining', 'aws-vpc-flow-log-records-skipped']),
    );
    expect(batch.counts).toEqual(objects.counts);
    expect(batch.findings).toEqual(objects.findings);
    expect(batch.ports).toEqual(objects.ports);
  });

  it('declines malformed numbers and addresses byte by byte as the object path does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-flow-eq-odd-'));
    const { web1, web2 } = DEMO_HOSTS;
    const t = 1_793_491_200;
    const ok = (src: string, dst: string, sp: string, dp: string, sep = ' ') =>
      ['2', '222222222222', web1.eni, src, dst, sp, dp, '6', '3', '180', `${t + 5}`, `${t + 10}`, 'ACCEPT', 'OK'].join(sep);
    const lines = [
      ok('45.148.10.240', web1.privateIp, '51000', '22'),
      ok('45.148.10.240', web1.privateIp, '51000', '22', '\t'),
      ok('45.148.10.240', web2.privateIp, '51000', '22', ' \t '),
      ok('45.148.10.240.1', web1.privateIp, '51000', '22'),
      ok('45.148..240', web1.privateIp, '51000', '22'),
      ok('45.148.10.', web1.privateIp, '51000', '22'),
      ok('256.148.10.240', web1.privateIp, '51000', '22'),
      ok('45.148.10.2400', web1.privateIp, '51000', '22'),
      ok('45.148.10.240x', web1.privateIp, '51000', '22'),
      ok('45.148.10.240', web1.privateIp, '51000x', '22'),
      ok('45.148.10.240', web1.privateIp, '51000', '2/2'),
      ok('45.148.10.240', web1.privateIp, '-', '22'),
      ok('45.148.10.240', web1.privateIp, '0', '0'),
      ok('62.60.130.9', web2.privateIp, '40000', '3389'),
    ];
    writeFileSync(join(dir, 'odd.log'), `${lines.join('\n')}\n`);
    const objects = await run(dir, { objectPath: true });
    const batch = await run(dir, {});
    // The object parser keeps most of these as text (an address it cannot read is still a peer).
    expect(objects.counts.errors).toBeGreaterThan(0);
    expect(objects.counts.records).toBeGreaterThan(10);
    expect(objects.findings.length).toBeGreaterThan(0);
    expect(batch.counts).toEqual(objects.counts);
    expect(batch.findings).toEqual(objects.findings);
    expect(batch.ports).toEqual(objects.ports);
  });
});

describe('flow batch v2 scanner', () => {
  it('accepts, declines and reads every field as the generic scanner does', () => {
    const { web1 } = DEMO_HOSTS;
    const t = 1_793_491_200;
    const fields = ['2', '222222222222', web1.eni, '45.148.10.240', '10.0.0.2', '51000', '22', '6', '3', '180', `${t + 5}`, `${t + 10}`, 'ACCEPT', 'OK'];
    const with_ = (i: number, v: string) => fields.map((f, k) => (k === i ? v : f)).join(' ');
    // Each field replaced by odd values (every field gets each one, whatever its kind), and odd separators and ends.
    const odd = [
      '-',
      '--',
      '-5',
      '0',
      '00',
      '007',
      '1.2.3.4',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '255.255.255.255',
      '256.1.1.1',
      '1..2.3',
      '1.2.3.',
      '1234.1.1.1',
      '0.0.0.0',
      '1.02.3.4',
      '1.2.3.04',
      '1.2.300.4',
      '1.2.3.400',
      '.1.2.3',
      '1.2.3.4.',
      '1.2.3.4x',
      '12',
      '2001:db8::1',
      'x',
      'ACCEPT',
      'REJECT',
      'ACCEPTED',
      'OK',
      'NODATA',
      'SKIPDATA',
      'OKAY',
      'ingress',
      '99999999999999999999',
      'a-b',
      '\r',
    ];
    const lines = [
      ...background([web1], t, 2, 3, 30).map(flowLineV2),
      ...fields.flatMap((_, i) => odd.map((v) => with_(i, v))),
      fields.join('\t'),
      fields.join(' \t '),
      `${fields.join(' ')} `,
      `${fields.join(' ')} \t`,
      `${fields.join(' ')}\r`,
      `${fields.join(' ')} \r`,
      `${fields.join(' ')} extra`,
      `${fields.join(' ')} -`,
      fields.slice(0, 13).join(' '),
      `${fields.slice(0, 13).join(' ')} `,
      fields.slice(0, 5).join(' '),
      `${fields.slice(0, 4).join(' ')} `,
      `${fields.slice(0, 4).join(' ')}.`,
      `${fields.slice(0, 12).join(' ')} ACCEPT`,
      `${fields.slice(0, 12).join(' ')} -`,
      `${fields.slice(0, 12).join(' ')} - `,
      `${fields.slice(0, 12).join(' ')} ACCEPT \t`,
      `${fields.slice(0, 13).join(' ')} -`,
      `${fields.slice(0, 13).join(' ')} O`,
      '2',
      `2 ${fields.slice(1).join('  ')}`,
      ` ${fields.join(' ')}`,
      `2 222222222222 ${web1.eni} - - - - - - - ${t + 5} ${t + 65} - NODATA`,
    ];
    const seen = (genericScan: boolean) => {
      const out: unknown[] = [];
      const batch = new FlowBatch(
        { genericScan },
        {
          record() {
            out.push('record');
          },
          error(line, e) {
            out.push(['error', line, String(e)]);
          },
          event(e: FlowEvent, traits?: number) {
            const f = e.flow;
            out.push([
              traits ?? 'object path',
              f.version,
              f.account,
              f.interfaceId,
              f.srcAddr,
              f.dstAddr,
              f.srcPort,
              f.dstPort,
              f.protocol,
              f.packets,
              f.bytes,
              f.start,
              f.end,
              f.action,
              f.logStatus,
              e.local,
              e.remote,
            ]);
          },
        },
      );
      feedLines(batch, lines);
      return out;
    };
    const v2 = seen(false);
    // Both kinds of row, and errors, so declines and acceptances are both compared.
    expect(v2.filter((x) => Array.isArray(x) && x[0] === 'object path').length).toBeGreaterThan(40);
    expect(v2.filter((x) => Array.isArray(x) && x[0] === 'error').length).toBeGreaterThan(100);
    expect(v2.filter((x) => Array.isArray(x) && typeof x[0] === 'number').length).toBeGreaterThan(100);
    expect(v2).toEqual(seen(true));
  });
});

describe('flow batch interning', () => {
  it('reads back every account and interface id among thousands, repeated, alternating and colliding in length', () => {
    const t = 1_793_491_200;
    const lines: string[] = [];
    const want: string[] = [];
    // 5,000 distinct interface ids of several lengths (past the interner's first table and byte pool),
    // each line's account alternating among three or repeating, interface ids repeated in runs.
    for (let i = 0; i < 5000; i++) {
      const eni = i % 7 === 0 ? `eni-${i.toString(16).padStart(17, '0')}` : `eni-${i}`;
      const account = i % 5 === 0 ? `${100000000000 + (i % 3)}` : '222222222222';
      for (let k = 0; k < (i % 4 === 0 ? 3 : 1); k++) {
        lines.push(['2', account, eni, '45.148.10.240', '10.0.0.2', '51000', '22', '6', '3', '180', `${t + 5}`, `${t + 10}`, 'ACCEPT', 'OK'].join(' '));
        want.push(`${account} ${eni}`);
      }
    }
    // A repeated value followed by one it is a prefix of, and by its own prefix (the previous-line check).
    for (const [account, eni, sep] of [
      ['222222222222', 'eni-12'],
      ['222222222222', 'eni-12'],
      ['2222222222223', 'eni-123'],
      ['2222222222223', 'eni-123'],
      ['22222222222', 'eni-12'],
      ['22222222222', 'eni-1'],
      ['22222222222', 'eni-1', '\t'],
    ]) {
      lines.push(['2', account, eni, '45.148.10.240', '10.0.0.2', '51000', '22', '6', '3', '180', `${t + 5}`, `${t + 10}`, 'ACCEPT', 'OK'].join(sep ?? ' '));
      want.push(`${account} ${eni}`);
    }
    const seen = (genericScan: boolean) => {
      const out: string[] = [];
      const batch = new FlowBatch(
        { genericScan },
        {
          record() {},
          error(line, e) {
            out.push(`error ${line} ${String(e)}`);
          },
          event(e: FlowEvent) {
            out.push(`${e.flow.account} ${e.flow.interfaceId}`);
          },
        },
      );
      feedLines(batch, lines);
      return out;
    };
    expect(seen(false)).toEqual(want);
    expect(seen(true)).toEqual(want);
  });
});

describe('flow batch traits', () => {
  it('gives each event the trait mask flowTraits gives it', () => {
    const { flows } = demoNetworkLogs();
    const { mongo, web1 } = DEMO_HOSTS;
    const t = flows[0]?.start ?? 0;
    const v2 = [
      ...attacks.sweep([mongo, web1], '62.60.130.9', 27017, t + 100),
      ...attacks.bruteForce(web1, '45.148.10.240', 22, t + 200),
      ...background([mongo, web1], t, 2, 3, 50),
    ].map(flowLineV2);
    // Headerless v2 first, then a header switches to the demo's v5 layout.
    const lines = [
      ...v2,
      `2 222222222222 ${web1.eni} - - - - - - - ${t + 5} ${t + 65} - NODATA`,
      `2 222222222222 ${web1.eni} - - - - - - - ${t + 5} ${t + 65} - SKIPDATA`,
      `2 222222222222 ${web1.eni} 45.148.10.240 10.0.0.2 51000 9001 6 - 180 ${t + 5} ${t + 10} ACCEPT OK`,
      DEMO_FLOW_HEADER,
      ...flows.slice(0, 500).map(flowLine),
    ];
    const intel = IntelMatcher.build([{ feed: 't', indicators: [{ value: '45.148.10.240', kind: 'ip', category: 'malicious', confidence: 90 }] }]);
    const seen: [number, number][] = [];
    const batch = new FlowBatch(
      { intel },
      {
        record() {},
        error() {},
        event(e: FlowEvent, traits?: number) {
          seen.push([traits ?? -1, flowTraits(e)]);
        },
      },
    );
    feedLines(batch, lines);
    expect(seen.length).toBeGreaterThan(600);
    // Fast rows carry the batch's mask; rows of the object path (the header) carry none.
    expect(seen.filter(([b]) => b !== -1).length).toBeGreaterThan(600);
    for (const [b, f] of seen) if (b !== -1) expect(b).toBe(f);
  });
});

describe('flow batch retained events', () => {
  it('keeps copies that read as the row did, across formats and batches', () => {
    const { flows } = demoNetworkLogs();
    const { mongo, web1 } = DEMO_HOSTS;
    const t = flows[0]?.start ?? 0;
    const lines = [
      ...background([mongo, web1], t, 2, 3, 50).map(flowLineV2),
      `2 222222222222 ${web1.eni} 45.148.10.240 10.0.0.2 51000 9001 6 - 180 ${t + 5} ${t + 10} ACCEPT OK`,
      DEMO_FLOW_HEADER,
      ...flows.slice(0, 300).map(flowLine),
    ];
    // Every field a detector or a finding reads of a flow record, as the row gives it.
    const fields = (e: FlowEvent) => {
      const f = e.flow as unknown as Record<string, unknown>;
      const keys = Object.keys(f).filter((k) => typeof f[k] !== 'function' && !/^c[A-Z]|^r$|^strs$|^v$|^otherKeys$/.test(k));
      const named = ['version', 'account', 'interfaceId', 'srcAddr', 'dstAddr', 'pktSrcAddr', 'pktDstAddr', 'srcPort', 'dstPort'];
      const more = ['protocol', 'packets', 'bytes', 'start', 'end', 'action', 'logStatus', 'tcpFlags', 'flowDirection'];
      const flow = Object.fromEntries([...named, ...more, ...keys].map((k) => [k, f[k]]));
      return { flow, time: e.time, endTime: e.endTime, local: e.local, remote: e.remote, remoteV4: e.remoteV4, resource: e.resource?.id };
    };
    const kept: { copy: FlowEvent; want: ReturnType<typeof fields> }[] = [];
    const batch = new FlowBatch(
      { intel: IntelMatcher.build([]) },
      {
        record() {},
        error() {},
        event(e: FlowEvent) {
          const copy = retainEvent(e);
          kept.push({ copy, want: fields(e) });
        },
      },
      100,
    );
    feedLines(batch, lines);
    expect(kept.length).toBeGreaterThan(300);
    // The last copies, taken after the format switch, read as their rows did.
    for (const { copy, want } of kept.slice(-4)) expect(fields(copy)).toEqual(want);
    // And so does every copy, taken in earlier batches and of the other format.
    const last = new Map<FlowEvent, ReturnType<typeof fields>>();
    for (const { copy, want } of kept) last.set(copy, want);
    for (const [copy, want] of last) expect(fields(copy)).toEqual(want);
  });
});

describe('flow batch attribution', () => {
  it('tells our end and the peer as the object path does, for static ENIs, an ENI that moves and an address that moves', () => {
    const acct = '222222222222';
    const at = (d: string) => `2026-${d}T00:00:00Z`;
    const rec = (type: string, id: string, config: Record<string, unknown>): ResourceRecord => ({
      id: `arn:aws:ec2:us-east-1:${acct}:${type}/${id}`,
      type: type === 'instance' ? 'aws.ec2.instance' : 'aws.ec2.network-interface',
      provider: 'aws',
      account: acct,
      region: 'us-east-1',
      name: id,
      tags: {},
      config,
    });
    const nic = (key: string, eni: string, instance: string, ips: string[], pub?: string) =>
      rec('network-interface', key, {
        NetworkInterfaceId: eni,
        Attachment: { InstanceId: instance },
        PrivateIpAddress: ips[0],
        PrivateIpAddresses: ips.map((ip) => ({ PrivateIpAddress: ip })),
        ...(pub && { Association: { PublicIp: pub } }),
      });
    const index = AttributionIndex.fromInventory([
      // Static, with a secondary and a public address.
      { record: nic('eni-1', 'eni-1', 'i-1', ['10.0.0.1', '10.0.0.11'], '54.0.0.1') },
      { record: nic('eni-2', 'eni-2', 'i-2', ['10.0.0.2']) },
      // One ENI whose owner changes over time (two claims on the ENI and on its address).
      { record: nic('eni-3a', 'eni-3', 'i-3', ['10.0.0.3']), firstSeen: at('01-01'), deletedAt: at('02-01') },
      { record: nic('eni-3b', 'eni-3', 'i-4', ['10.0.0.3']), firstSeen: at('02-02') },
      // Two static ENIs, each with its own owner, that held the same address one after the other.
      { record: nic('eni-4', 'eni-4', 'i-4', ['10.0.0.4']), firstSeen: at('01-01'), deletedAt: at('02-01') },
      { record: nic('eni-5', 'eni-5', 'i-5', ['10.0.0.4']), firstSeen: at('02-02') },
      ...['i-1', 'i-2', 'i-3', 'i-4', 'i-5'].map((i) => ({ record: rec('instance', i, { InstanceId: i }) })),
    ]);
    const intel = IntelMatcher.build([{ feed: 't', indicators: [{ value: '23.1.2.3', kind: 'ip', category: 'malicious' }] }]);
    const addrs = ['10.0.0.1', '10.0.0.11', '54.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '23.1.2.3', '8.8.8.8', '192.168.5.5'];
    // Before the moves, in the gap between the claims, and after.
    const times = ['2026-01-15T00:00:00Z', '2026-02-01T12:00:00Z', '2026-03-01T00:00:00Z'].map((d) => Date.parse(d) / 1000);
    const lines: string[] = [];
    for (const eni of ['eni-1', 'eni-2', 'eni-3', 'eni-4', 'eni-5', 'eni-9'])
      for (const t of times)
        for (const src of addrs)
          for (const dst of addrs)
            for (const [sp, dp] of [
              [51000, 443],
              [443, 51000],
            ])
              lines.push(`2 ${acct} ${eni} ${src} ${dst} ${sp} ${dp} 6 3 180 ${t} ${t + 10} ACCEPT OK`);
    const view = (e: FlowEvent) => ({
      direction: e.direction,
      local: e.local,
      remote: e.remote,
      localPort: e.localPort,
      remotePort: e.remotePort,
      servicePort: e.servicePort,
      resource: e.resource?.id,
      remoteResource: e.remoteResource?.id,
      remoteExternal: e.remoteExternal,
      remoteIntel: e.remoteIntel?.indicator,
    });
    const got: ReturnType<typeof view>[] = [];
    const batch = new FlowBatch({ index, intel }, { record() {}, error() {}, event: (e: FlowEvent) => void got.push(view(e)) }, 256);
    feedLines(batch, lines);
    const enricher = new FlowEnricher({ index, intel });
    const parser = new FlowStreamParser();
    const want = lines.map((l) => {
      const b = Buffer.from(l, 'latin1');
      return view(enricher.enrich(parser.line(b, 0, b.length) as FlowRecord));
    });
    expect(got.length).toBe(lines.length);
    expect(got).toEqual(want);
    // The cases the shortcut answers, and those it must leave to the lookups, are all there.
    expect(new Set(got.map((g) => g.resource)).size).toBeGreaterThanOrEqual(6);
    expect(got.some((g) => g.remoteResource)).toBe(true);
  });
});
