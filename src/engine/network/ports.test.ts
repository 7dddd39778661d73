import { describe, expect, it } from 'vitest';
import { startDetector } from '../../core/units/detector.js';
import { createListeningPortDetector } from '../../providers/aws/detectors/aws-vpc-flow-new-listening-port.detector.js';
import { FIX_T0, fixtureResource, flowEvent } from '../../providers/aws/detectors/network-helpers.js';
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
