import { describe, expect, it } from 'vitest';
import { startDetector } from '../../core/units/detector.js';
import { createListeningPortDetector } from '../../providers/aws/detectors/aws-vpc-flow-new-listening-port.detector.js';
import { FIX_T0, flowEvent } from '../../providers/aws/detectors/network-helpers.js';
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

  it('stops counting at MAX_PEERS', () => {
    const obs = new PortObserver();
    for (let i = 0; i < MAX_PEERS * 3; i++) obs.push(inbound('198.51.100.1', 0x17000000 + i * 7919));
    expect(obs.drain()[0]?.peers).toBe(MAX_PEERS);
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
