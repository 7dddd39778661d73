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
