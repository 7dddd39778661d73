import { describe, expect, it } from 'vitest';
import { type FlowEvent, flowEvidence, protocolName } from '../../core/network-events.js';
import type { DetectorUnit } from '../../core/units/detector.js';
import { FIX_T0, flowEvent, listed } from '../../providers/aws/detectors/network-helpers.js';
import inboundListed from '../../providers/aws/detectors/aws-vpc-flow-inbound-from-listed-address.detector.js';
import { NetworkDetection } from './detect.js';

/** The shapes a finding shows are built without spreads now: the same keys, values and order as with them. */
describe('finding evidence shapes', () => {
  // The spread form flowEvidence had: the reference for key order and presence.
  const spreadEvidence = (e: FlowEvent): Record<string, unknown> => {
    const f = e.flow;
    return {
      time: new Date(e.time).toISOString(),
      interfaceId: f.interfaceId,
      srcAddr: f.srcAddr,
      srcPort: f.srcPort,
      dstAddr: f.dstAddr,
      dstPort: f.dstPort,
      protocol: protocolName(f.protocol),
      packets: f.packets,
      bytes: f.bytes,
      action: f.action,
      ...(f.pktSrcAddr && f.pktSrcAddr !== f.srcAddr && { pktSrcAddr: f.pktSrcAddr }),
      ...(f.tcpFlags !== undefined && { tcpFlags: f.tcpFlags }),
    };
  };

  it('flow evidence records: optional packet source and TCP flags, in place', () => {
    const variants = [
      {},
      { pktSrcAddr: '203.0.113.9' },
      { pktSrcAddr: '198.51.100.7' },
      { tcpFlags: 0 },
      { tcpFlags: 19, pktSrcAddr: '203.0.113.9' },
      { protocol: undefined, packets: undefined },
    ];
    for (const v of variants) {
      const e = flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 });
      Object.assign(e.flow, v);
      expect(JSON.stringify(flowEvidence(e))).toBe(JSON.stringify(spreadEvidence(e)));
    }
  });

  it('evidence and window times are Date#toISOString over seeded times (whole, sub-second, far, out of range)', () => {
    // flowEvidence and a drain's window format through the cached `isoTime`: held to Date's text here.
    let x = 7;
    const next = () => {
      x = (x * 48271) % 2147483647;
      return x / 2147483647;
    };
    const times: number[] = [0, -1000, 1.5, 999, 8.6e15, -8.64e15];
    for (let i = 0; i < 3000; i++) times.push(FIX_T0 + Math.floor(next() * 86_400 * 30) * 1000, Math.round((next() * 2 - 1) * 8.6e15), FIX_T0 + i * 250);
    const det = new NetworkDetection([inboundListed as DetectorUnit<FlowEvent>]);
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const [i, at] of times.entries()) {
      const e = flowEvent({ direction: 'inbound', remote: '93.174.95.106', port: 443, at, intel: listed('93.174.95.106', 'malicious') });
      expect(JSON.stringify(flowEvidence(e))).toBe(JSON.stringify(spreadEvidence(e)));
      det.push(e);
      start = Math.min(start, e.time);
      end = Math.max(end, e.endTime);
      if (i % 7 === 0) {
        const [f] = det.drain();
        expect((f?.evidence as { window?: unknown } | undefined)?.window).toEqual({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      }
    }
    for (const at of [Number.NaN, 8.64e15 + 1000])
      expect(() => flowEvidence(flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443, at }))).toThrow(RangeError);
  });

  it('details of repeat hits merge as a spread would: later values win, first-seen key order, no records', () => {
    const det = new NetworkDetection([inboundListed as DetectorUnit<FlowEvent>]);
    const hit = (port: number, i: number) =>
      flowEvent({ direction: 'inbound', remote: '93.174.95.106', port, at: FIX_T0 + i * 1000, intel: listed('93.174.95.106', 'malicious') });
    for (const [i, port] of [443, 5432, 443].entries()) det.push(hit(port, i));
    const [f] = det.drain();
    const details = (f?.evidence as { details?: Record<string, unknown> } | undefined)?.details ?? {};
    expect(Object.keys(details)).toEqual(['feeds', 'categories', 'sensitivePort']);
    expect(details).toEqual({ feeds: ['fixture-feed'], categories: ['malicious'], sensitivePort: false });
    expect(f?.severity).toBe('high');
  });
});
