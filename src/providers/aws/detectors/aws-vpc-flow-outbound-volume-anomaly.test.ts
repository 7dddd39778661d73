import { describe, expect, it } from 'vitest';
import { type DetectorHit, startDetector } from '../../../core/units/detector.js';
import type { FlowEvent } from '../../../core/network-events.js';
import { createVolumeDetector } from './aws-vpc-flow-outbound-volume-anomaly.detector.js';
import { FIX_T0, flowEvent } from './network-helpers.js';

const HOUR = 3_600_000;

/**
 * The baseline reuses an hour's peer map and evidence array for the next hour when the hour closed
 * without a hit: a hit's evidence must stay what it was after later hours are read.
 */
describe('outbound volume baseline', () => {
  it("keeps a hit's evidence (the hour's largest records) after later hours reuse the containers", () => {
    const state = startDetector(createVolumeDetector());
    const hits: DetectorHit<FlowEvent>[] = [];
    const push = (e: FlowEvent) => hits.push(...state.push(e));
    for (let h = 0; h < 12; h++)
      for (let k = 0; k < 3; k++)
        push(flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR + k, bytes: 20_000_000 + k }));
    // The burst hour: 14 records, the 10 largest are the evidence.
    for (let k = 0; k < 14; k++)
      push(flowEvent({ direction: 'outbound', remote: `203.0.113.${k + 1}`, port: 443, at: FIX_T0 + 12 * HOUR + k, bytes: 500_000_000 + k * 1000 }));
    // Later hours, closing without hits, refill the containers.
    for (let h = 13; h < 16; h++) push(flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR, bytes: 20_000_000 }));
    hits.push(...state.flush());
    expect(hits).toHaveLength(1);
    const hit = hits[0] as DetectorHit<FlowEvent>;
    expect(hit.evidence.map((e) => e.flow.bytes).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 10 }, (_, k) => 500_000_000 + (k + 4) * 1000),
    );
    expect((hit.details as { topPeers: { peer: string }[] }).topPeers.map((p) => p.peer)).toEqual([
      '203.0.113.14',
      '203.0.113.13',
      '203.0.113.12',
      '203.0.113.11',
      '203.0.113.10',
    ]);
  });

  it('sums bytes per peer alike for IPv4 peers held as numbers and text peers, past a table resize', () => {
    const state = startDetector(createVolumeDetector());
    const hits: DetectorHit<FlowEvent>[] = [];
    for (let h = 0; h < 12; h++)
      hits.push(...state.push(flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR, bytes: 20_000_000 })));
    // 40 peers seen 3 times each (numbers, plus one IPv6 text peer): the top five by summed bytes.
    for (let round = 0; round < 3; round++)
      for (let k = 0; k < 40; k++) {
        const e = flowEvent({
          direction: 'outbound',
          remote: `203.0.113.${k + 1}`,
          port: 443,
          at: FIX_T0 + 12 * HOUR + round * 100 + k,
          bytes: 100_000_000 + k * 1000,
        });
        const v4 = (((203 * 256 + 0) * 256 + 113) * 256 + k + 1) >>> 0;
        hits.push(...state.push(k === 7 ? { ...e, remote: '2001:db8::7', remoteV4: undefined } : { ...e, remoteV4: v4 }));
      }
    hits.push(...state.flush());
    expect(hits).toHaveLength(1);
    const top = ((hits[0] as DetectorHit<FlowEvent>).details as { topPeers: { peer: string; bytes: number }[] }).topPeers;
    expect(top).toEqual([39, 38, 37, 36, 35].map((k) => ({ peer: `203.0.113.${k + 1}`, bytes: 3 * (100_000_000 + k * 1000) })));
  });
});
