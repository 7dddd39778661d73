import { describe, expect, it } from 'vitest';
import { type DetectorHit, startDetector } from '../../../core/units/detector.js';
import type { FlowEvent } from '../../../core/network-events.js';
import { DEMO_FLOW_HEADER, DEMO_HOSTS, type Host, connection, flowLine, flowLineV2 } from '../../../demo/network-traffic.js';
import { IntelMatcher } from '../../../engine/intel/matcher.js';
import { FlowEnricher } from '../../../engine/network/enrich.js';
import { FlowBatch } from '../../../engine/network/flow-batch.js';
import { feedLines } from '../../../../test/support/flow-lines.js';
import { FlowStreamParser } from '../logs/vpc-flow-parser.js';
import { createVolumeDetector } from './aws-vpc-flow-outbound-volume-anomaly.detector.js';
import { FIX_T0, flowEvent, subjectNum } from './network-helpers.js';

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

  it('sums an hour of few peers (held beside the evidence) without mixing them with the evidence, hour after hour', () => {
    const state = startDetector(createVolumeDetector());
    const hits: DetectorHit<FlowEvent>[] = [];
    const push = (e: FlowEvent) => hits.push(...state.push(e));
    const quiet = (h: number) => push(flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR, bytes: 20_000_000 }));
    // Three peers, 12 records: the evidence fills up and replaces while the peers stay in the shared block.
    const burst = (h: number) => {
      for (let k = 0; k < 12; k++)
        push(flowEvent({ direction: 'outbound', remote: `203.0.113.${(k % 3) + 1}`, port: 443, at: FIX_T0 + h * HOUR + k, bytes: 400_000_000 + k * 1000 }));
    };
    for (let h = 0; h < 12; h++) quiet(h);
    burst(12);
    for (let h = 13; h < 40; h++) quiet(h);
    burst(40);
    hits.push(...state.flush());
    expect(hits).toHaveLength(2);
    for (const hit of hits) {
      expect(hit.evidence.map((e) => e.flow.bytes).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
        Array.from({ length: 10 }, (_, k) => 400_000_000 + (k + 2) * 1000),
      );
      // Peer j (1..3) sent records k ≡ j-1 (mod 3): four of them.
      const sums = [1, 2, 3].map((j) => ({
        peer: `203.0.113.${j}`,
        bytes: [0, 1, 2, 3].reduce((s, i) => s + 400_000_000 + (3 * i + j - 1) * 1000, 0),
      }));
      expect((hit.details as { topPeers: unknown }).topPeers).toEqual([sums[2], sums[1], sums[0]]);
    }
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

/**
 * The batch path hands the detector one reused event per record, and the baseline keeps copies of
 * the hour's largest: a hit's evidence must read exactly as the object path's events (each record
 * its own object), across batches, a header switching to a format with extra fields, and later
 * hours that refill the baseline's containers.
 */
describe('outbound volume baseline on the batch path', () => {
  const HOUR_S = 3600;
  const t0 = Math.floor(FIX_T0 / 1000);
  const { web1, web2, mongo } = DEMO_HOSTS;
  const listed = '45.148.10.240';
  /** 12 quiet hours, a burst hour (one peer listed), then 3 quiet hours that close without a hit. */
  const flows = (h: Host, sport: number) => [
    ...Array.from({ length: 12 }, (_, k) => [
      ...connection(h, { peer: '198.51.100.20', port: 443, inbound: false, at: t0 + k * HOUR_S + 10, bytes: 20_000_000 + k, sport }),
      ...connection(h, { peer: '198.51.100.21', port: 8443, inbound: false, at: t0 + k * HOUR_S + 900, bytes: 30_000_000 + k, sport: sport + 1 }),
    ]).flat(),
    ...Array.from({ length: 8 }, (_, k) =>
      connection(h, {
        peer: k === 3 ? listed : `203.0.113.${k + 1}`,
        port: 443,
        inbound: false,
        at: t0 + 12 * HOUR_S + k * 60,
        bytes: 700_000_000 + k * 1_000_003,
        packets: 400_000 + k,
        sport: sport + 2 + k,
      }),
    ).flat(),
    ...Array.from({ length: 3 }, (_, k) =>
      connection(h, { peer: '198.51.100.20', port: 443, inbound: false, at: t0 + (13 + k) * HOUR_S + 10, bytes: 20_000_000, sport }),
    ).flat(),
  ];
  // web2 as headerless v2 lines, then a header switches to v5 (extra fields, tcp flags) for web1,
  // then to v8 for mongo (more extra fields than a kept slot holds: those records keep copies).
  const ecs =
    'ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id';
  const lines = [
    ...flows(web2, 40_000).map(flowLineV2),
    DEMO_FLOW_HEADER,
    ...flows(web1, 50_000).map(flowLine),
    `${DEMO_FLOW_HEADER} ${ecs} reject-reason`,
    ...flows(mongo, 60_000).map((f) => `${flowLine(f)} arn:aws:ecs:us-east-1:222222222222:cluster/prod prod - - - - api - - - -`),
  ];
  const intel = IntelMatcher.build([{ feed: 't', indicators: [{ value: listed, kind: 'ip', category: 'malicious', confidence: 90 }] }]);

  /** What a finding or a detector can read of an evidence event. */
  const read = (e: FlowEvent) => {
    const f = e.flow as unknown as Record<string, unknown>;
    const named = ['version', 'account', 'interfaceId', 'srcAddr', 'dstAddr', 'pktSrcAddr', 'pktDstAddr', 'srcPort', 'dstPort', 'protocol'];
    const more = ['packets', 'bytes', 'start', 'end', 'action', 'logStatus', 'tcpFlags', 'flowDirection', 'vpcId', 'subnetId', 'instanceId', 'type', 'region'];
    const v8 = ['ecsClusterArn', 'ecsClusterName', 'ecsServiceName', 'ecsTaskId', 'rejectReason'];
    return {
      flow: Object.fromEntries([...named, ...more, ...v8].map((k) => [k, f[k]])),
      time: e.time,
      endTime: e.endTime,
      resource: e.resource,
      local: e.local,
      localPort: e.localPort,
      remote: e.remote,
      remoteV4: e.remoteV4,
      remotePort: e.remotePort,
      remoteResource: e.remoteResource,
      direction: e.direction,
      servicePort: e.servicePort,
      remoteExternal: e.remoteExternal,
      remoteIntel: e.remoteIntel,
      remoteGeo: e.remoteGeo,
      subject: subjectNum(e),
    };
  };
  const summary = (hits: DetectorHit<FlowEvent>[]) =>
    hits.map((h) => ({ key: h.key, title: h.title, start: h.start, end: h.end, details: h.details, evidence: h.evidence.map(read) }));

  function batchHits(): DetectorHit<FlowEvent>[] {
    const state = startDetector(createVolumeDetector());
    const hits: DetectorHit<FlowEvent>[] = [];
    // Small batches: kept copies must outlive the rows they were taken from.
    const batch = new FlowBatch({ intel }, { record() {}, error() {}, event: (e: FlowEvent) => hits.push(...state.push(e)) }, 50);
    feedLines(batch, lines);
    hits.push(...state.flush());
    return hits;
  }

  function objectHits(): DetectorHit<FlowEvent>[] {
    const state = startDetector(createVolumeDetector());
    const hits: DetectorHit<FlowEvent>[] = [];
    const parser = new FlowStreamParser();
    const enricher = new FlowEnricher({ intel });
    for (const l of lines) {
      const rec = parser.line(Buffer.from(l, 'latin1'), 0, l.length);
      if (rec) hits.push(...state.push(enricher.enrich(rec)));
    }
    hits.push(...state.flush());
    return hits;
  }

  it('keeps the same evidence records as the object path, read field by field', () => {
    const batch = batchHits();
    const objects = objectHits();
    expect(batch).toHaveLength(3);
    expect(batch.map((h) => h.evidence[0]?.flow.interfaceId).sort()).toEqual([web2.eni, web1.eni, mongo.eni].sort());
    const mongoHit = batch.find((h) => h.evidence[0]?.flow.interfaceId === mongo.eni) as DetectorHit<FlowEvent>;
    expect(((mongoHit.evidence[0] as FlowEvent).flow as { ecsServiceName?: string }).ecsServiceName).toBe('api');
    expect(summary(batch)).toEqual(summary(objects));
    for (const hit of batch) {
      // The burst's 16 records (each connection's request and response): the 10 largest, each in the
      // place of the smallest it replaced.
      expect(hit.evidence.map((e) => e.flow.bytes)).toEqual([
        494900055, 490000040, 493500050, 490700042, 211800045, 491400044, 494200053, 492100046, 212100046, 492800048,
      ]);
      expect(hit.evidence.filter((e) => e.remoteIntel !== undefined)).toHaveLength(1);
    }
    const web2Hit = batch.find((h) => h.evidence[0]?.flow.interfaceId === web2.eni) as DetectorHit<FlowEvent>;
    expect((web2Hit.details as { records: unknown[] }).records[0]).toEqual({
      time: new Date((t0 + 12 * HOUR_S + 7 * 60) * 1000).toISOString(),
      interfaceId: web2.eni,
      srcAddr: '203.0.113.8',
      srcPort: 443,
      dstAddr: web2.privateIp,
      dstPort: 40_009,
      protocol: 'tcp',
      packets: 400_007,
      bytes: 494_900_055,
      action: 'ACCEPT',
    });
  });
});
