import { describe, expect, it } from 'vitest';
import type { FlowEvent } from '../../core/network-events.js';
import { startDetector } from '../../core/units/detector.js';
import { rng } from '../../demo/network-traffic.js';
import { createListeningPortDetector } from '../../providers/aws/detectors/aws-vpc-flow-new-listening-port.detector.js';
import { FIX_T0, fixtureResource, flowEvent } from '../../providers/aws/detectors/network-helpers.js';
import type { NetworkPort } from '../../store/repos/network.repo.js';
import { MAX_PEERS, PortObserver } from './ports.js';

/** Distinct peers per port: counted exactly (repeats, 0.0.0.0, IPv6 text) up to MAX_PEERS. */
describe('port observations', () => {
  const inbound = (remote: string, remoteV4?: number) => {
    const e = flowEvent({ direction: 'inbound', remote, port: 443 });
    if (remoteV4 !== undefined) e.remoteV4 = remoteV4;
    return e;
  };

  it('counts distinct peers through table growth, with repeats and the zero address', () => {
    const obs = new PortObserver();
    const peers = [0, 1, 2 ** 31, 2 ** 32 - 1, 0x0a000001, ...Array.from({ length: 30 }, (_, i) => 0x17000000 + i * 65_537)];
    for (let round = 0; round < 3; round++) for (const v of peers) obs.push(inbound('198.51.100.1', v));
    obs.push(inbound('2001:db8::1'));
    obs.push(inbound('2001:db8::1'));
    const [p] = obs.drain();
    expect(p).toMatchObject({ port: 443, direction: 'inbound', flows: peers.length * 3 + 2, peers: peers.length + 1 });
  });

  it('counts afresh after a drain (entries, and their peer bits, are reused)', () => {
    const obs = new PortObserver();
    for (let i = 0; i < 40; i++) obs.push(inbound('198.51.100.1', 0x17000000 + i * 104_729));
    expect(obs.drain()[0]?.peers).toBe(40);
    for (let i = 0; i < 10; i++) obs.push(inbound('198.51.100.1', 0x17000000 + i * 104_729));
    expect(obs.drain()[0]).toMatchObject({ flows: 10, peers: 10 });
  });

  it('stops counting at MAX_PEERS', () => {
    const obs = new PortObserver();
    for (let i = 0; i < MAX_PEERS * 3; i++) obs.push(inbound('198.51.100.1', 0x17000000 + i * 7919));
    expect(obs.drain()[0]?.peers).toBe(MAX_PEERS);
  });
});

describe('port observations by subject number and by resource id', () => {
  it('count the same (the table for numbered resources, the maps for the rest)', () => {
    // A resource id that looks like an address gets no subject number: it takes the maps.
    const byId = fixtureResource({ id: '10.0.0.99' });
    const numbered = fixtureResource({ id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-ports-flat' });
    const run = (resource: ReturnType<typeof fixtureResource>) => {
      const obs = new PortObserver();
      for (let i = 0; i < 300; i++) {
        const e = flowEvent({
          direction: i % 3 === 0 ? 'outbound' : 'inbound',
          remote: '198.51.100.1',
          port: [443, 22, 5432][(i % 7) % 3] as number,
          at: FIX_T0 + ((i * 7919) % 5000) * 1000,
          bytes: 100 + i,
          protocol: i % 11 === 0 ? 17 : 6,
          resource,
        });
        e.remoteV4 = i % 13 === 0 ? 0 : 0x17000000 + ((i * 31) % 90);
        if (i % 50 === 0) e.remoteV4 = undefined;
        obs.push(e);
      }
      return obs
        .drain()
        .map(({ resourceId: _r, ...p }) => p)
        .sort((a, b) => `${a.port}${a.protocol}${a.direction}`.localeCompare(`${b.port}${b.protocol}${b.direction}`));
    };
    const flat = run(numbered);
    expect(flat.length).toBeGreaterThan(6);
    expect(Math.max(...flat.map((p) => p.peers))).toBeGreaterThan(20);
    expect(run(byId)).toEqual(flat);
  });
});

/**
 * What the observer must write, said plainly: one row per resource and port key (port, protocol —
 * none counts as 255 — and direction) of the accepted records since the last drain, its first
 * record's protocol, the earliest start, the latest end, the records, their bytes, and the distinct
 * peers (IPv4 by number, others by text) up to MAX_PEERS. Any layout of the observer must agree.
 */
class ReferencePorts {
  private rows = new Map<string, { row: NetworkPort; peers: Set<string> }>();
  push(e: FlowEvent): void {
    const f = e.flow;
    if (!e.resource || e.servicePort === undefined || f.action === 'REJECT' || f.logStatus !== 'OK' || e.direction === 'unknown') return;
    const key = `${e.resource.id}|${(e.servicePort * 256 + (f.protocol ?? 255)) * 2 + (e.direction === 'inbound' ? 1 : 0)}`;
    let a = this.rows.get(key);
    if (!a) {
      const row = {
        resourceId: e.resource.id,
        port: e.servicePort,
        protocol: protocolText(f.protocol),
        direction: e.direction,
        firstSeen: e.time,
        lastSeen: e.endTime,
        flows: 0,
        bytes: 0,
        peers: 0,
      };
      a = { row: row as unknown as NetworkPort, peers: new Set() };
      this.rows.set(key, a);
    }
    const r = a.row as unknown as { firstSeen: number; lastSeen: number; flows: number; bytes: number };
    r.firstSeen = Math.min(r.firstSeen, e.time);
    r.lastSeen = Math.max(r.lastSeen, e.endTime);
    r.flows++;
    r.bytes += f.bytes ?? 0;
    const peer = e.remoteV4 !== undefined ? `v4:${e.remoteV4 | 0}` : e.remote ? `text:${e.remote}` : undefined;
    if (peer !== undefined && a.peers.size < MAX_PEERS) a.peers.add(peer);
  }
  drain(): NetworkPort[] {
    const out = [...this.rows.values()].map(({ row, peers }) => {
      const r = row as unknown as { firstSeen: number; lastSeen: number };
      return { ...row, firstSeen: new Date(r.firstSeen).toISOString(), lastSeen: new Date(r.lastSeen).toISOString(), peers: peers.size };
    });
    this.rows.clear();
    return out;
  }
}
const protocolText = (p: number | undefined) => (p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : String(p ?? 'unknown'));
const rowOrder = (a: NetworkPort, b: NetworkPort) =>
  `${a.resourceId}|${a.port}|${a.protocol}|${a.direction}`.localeCompare(`${b.resourceId}|${b.port}|${b.protocol}|${b.direction}`);

describe('port observations over a large seeded input', () => {
  it('equal a plain reference at every drain (table growth, full entries, text peers, odd protocols, both paths)', () => {
    const r = rng(6);
    // Every 40th resource id looks like an address: no subject number, so the maps path.
    const resources = Array.from({ length: 400 }, (_, i) =>
      fixtureResource({ id: i % 40 === 0 ? `10.9.${i % 250}.${i}` : `arn:aws:ec2:us-east-1:222222222222:instance/i-ports-seeded-${i}` }),
    );
    const obs = new PortObserver();
    const ref = new ReferencePorts();
    let rows = 0;
    let full = 0;
    for (let i = 0; i < 90_000; i++) {
      // A third are busy ports of a few resources (their entries fill), the rest spread out.
      const hot = r() < 0.3;
      const e = flowEvent({
        direction: r() < 0.5 ? 'inbound' : 'outbound',
        remote: '198.51.100.1',
        port: hot ? (r() < 0.5 ? 443 : 22) : ([443, 22, 80, 5432, 53, 1024 + Math.floor(r() * 60_000)][Math.floor(r() * 6)] as number),
        at: FIX_T0 + Math.floor(r() * 1e7),
        bytes: Math.floor(r() * 1e5),
        protocol: hot ? 6 : ([6, 6, 17, 1, 255][Math.floor(r() * 5)] as number),
        resource: resources[Math.floor(r() * (hot ? 5 : resources.length))] as ReturnType<typeof fixtureResource>,
        action: r() < 0.1 ? 'REJECT' : 'ACCEPT',
      });
      const q = r();
      // Few peers (repeats), many (entries that fill), the zero address, IPv6 text, and none.
      e.remoteV4 = q < 0.05 ? undefined : q < 0.08 ? 0 : (0x17000000 + Math.floor(r() * (q < 0.5 ? 40 : 1e6))) >>> 0;
      if (e.remoteV4 === undefined) (e as { remote?: string }).remote = r() < 0.6 ? `2001:db8::${Math.floor(r() * 90).toString(16)}` : undefined;
      if (r() < 0.01) e.flow.protocol = undefined;
      if (r() < 0.01) e.flow.logStatus = 'NODATA';
      obs.push(e);
      ref.push(e);
      if (i % 30_000 === 29_999) {
        const got = obs.drain();
        expect(got.sort(rowOrder)).toEqual(ref.drain().sort(rowOrder));
        rows += got.length;
        full += got.filter((p) => p.peers === MAX_PEERS).length;
      }
    }
    // The input reached what it is for: many rows, and entries that filled.
    expect(rows).toBeGreaterThan(30_000);
    expect(full).toBeGreaterThan(30);
  });
});

describe('new listening port with ports known from earlier ingests', () => {
  it('judges from the first flow: known ports (as stored, `tcp/443`) are quiet, others fire once, named as stored', () => {
    const known = new Set(['tcp/443', 'udp/53', 'unknown/8', 'bogus', '6/x']);
    const d = createListeningPortDetector({ known: () => known });
    const state = startDetector(d);
    const at = (port: number, protocol: number | undefined, i: number) => {
      const e = flowEvent({ direction: 'inbound', remote: '198.51.100.7', port, at: FIX_T0 + i * 1000, packets: 5 });
      e.flow.protocol = protocol;
      return e;
    };
    const hits = [at(443, 6, 0), at(53, 17, 1), at(8, undefined, 2), at(4444, 6, 3), at(4444, 6, 4), at(443, 17, 5)].flatMap((e) => state.push(e));
    expect(hits.map((h) => h.title)).toEqual(['New listening port tcp/4444 on mongo-app', 'New listening port udp/443 on mongo-app']);
    expect(hits[0]?.key).toBe('arn:aws:ec2:us-east-1:222222222222:instance/i-0a1b2c3d4e5f60001|tcp/4444');
  });
});

describe('new listening port: the per-subject memory of served ports', () => {
  const hitsOf = (events: ReturnType<typeof flowEvent>[], maxKeys = 100) => {
    const state = startDetector(createListeningPortDetector({ maxKeys, learnSeconds: 0 }));
    return events.flatMap((e) => state.push(e)).map((h) => h.key);
  };
  const on = (id: string, port: number, i: number) =>
    flowEvent({ direction: 'inbound', remote: '198.51.100.7', port, at: FIX_T0 + i * 1000, packets: 5, resource: fixtureResource({ id }) });

  it('fires once per port, also past the ports it keeps in its flat block', () => {
    const id = 'arn:aws:ec2:us-east-1:222222222222:instance/i-listen-many';
    const ports = Array.from({ length: 12 }, (_, i) => 1000 + i);
    const keys = hitsOf([...ports, ...ports, ...ports.reverse()].map((p, i) => on(id, p, i)));
    expect(keys).toEqual(ports.reverse().map((p) => `${id}|tcp/${p}`));
  });

  it('forgets the ports of a subject it drops for the key cap', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `arn:aws:ec2:us-east-1:222222222222:instance/i-listen-${x}`) as [string, string, string];
    const keys = hitsOf([on(a, 443, 0), on(a, 443, 1), on(b, 443, 2), on(c, 443, 3), on(a, 80, 4), on(a, 443, 5), on(b, 443, 6)], 2);
    // c pushed a out; a coming back pushed b out: both start over.
    expect(keys).toEqual([`${a}|tcp/443`, `${b}|tcp/443`, `${c}|tcp/443`, `${a}|tcp/80`, `${a}|tcp/443`, `${b}|tcp/443`]);
  });
});
