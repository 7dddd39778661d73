import type { DetectorHit } from '../../../core/units/detector.js';
import { type FlowEvent, MINING_PORTS, SENSITIVE_PORTS, flowEvidence, retainEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, FIX_T0, categories, feeds, flowEvent, isAccepted, listed, subject } from './network-helpers.js';

export interface MiningOptions {
  maxKeys?: number;
  /** Long-lived low-volume: a connection kept this long (seconds) … */
  minDurationS?: number;
  /** … averaging fewer bytes per second than this, counts as a miner's keep-alive stream. */
  maxBytesPerSecond?: number;
}

interface Conn {
  first: number;
  last: number;
  bytes: number;
  flows: number;
  fired: boolean;
  evidence: FlowEvent[];
}

/**
 * Cryptocurrency mining from a resource: outbound connections to stratum pool ports (3333, 4444,
 * 5555, 7777, 14444, 45700 …), to addresses a feed lists as mining, or a long-lived low-volume
 * connection to one peer on a non-standard port (a miner's job stream). One hit per resource and peer.
 */
export function createMiningDetector(opts: MiningOptions = {}) {
  const maxKeys = opts.maxKeys ?? 100_000;
  const minDur = (opts.minDurationS ?? 2 * 3600) * 1000;
  const maxBps = opts.maxBytesPerSecond ?? 2000;
  return defineDetector<FlowEvent>({
    id: 'aws-vpc-flow-crypto-mining',
    title: 'Cryptocurrency mining',
    description: 'Outbound traffic to mining-pool ports or listed mining addresses, or a long-lived low-volume outbound connection.',
    source: 'aws-vpc-flow',
    severity: 'high',
    attack: ['T1496'],
    // What every record this acts on has (checked on a bit mask before the logic runs).
    needs: FT.outbound | FT.external | FT.accepted | FT.hasServicePort,
    // A listed (mining) peer, a pool port, or a port a long-lived candidate may use (see `push`).
    needsAny: FT.listed | FT.poolPort | FT.unusualPort,
    logic: {
      kind: 'stateful',
      create() {
        const conns = new Map<string, Conn>();
        const fired = new Set<string>();
        const hit = (
          e: FlowEvent,
          key: string,
          why: string,
          evidence: FlowEvent[],
          start: number,
          details: Record<string, unknown>,
        ): DetectorHit<FlowEvent> => ({
          detectorId: 'aws-vpc-flow-crypto-mining',
          key,
          title: `Cryptocurrency mining: ${why} (${e.remote}:${e.servicePort})`,
          severity: 'high',
          start,
          end: e.endTime,
          evidence,
          details: { reason: why, ...details, records: evidence.map(flowEvidence) },
        });
        return {
          push(e) {
            if (e.direction !== 'outbound' || !e.remoteExternal || !isAccepted(e) || e.servicePort === undefined) return NO_HITS;
            const cats = categories(e.remoteIntel);
            const onPoolPort = MINING_PORTS.has(e.servicePort) && (e.servicePort !== 8888 && e.servicePort !== 9999 ? true : cats.size > 0);
            const mining = cats.has('mining') || onPoolPort;
            if (!mining) {
              // Long-lived candidates only: not well-known or database/admin ports (connection pools are
              // long-lived and quiet too), and not flows already too busy to be a miner's job stream.
              if (e.servicePort < 1024 || e.servicePort === 8443 || SENSITIVE_PORTS.has(e.servicePort)) return NO_HITS;
              if ((e.flow.bytes ?? 0) > maxBps * Math.max(60, (e.endTime - e.time) / 1000)) return NO_HITS;
            }
            // The key is built only for the few records still in question (most outbound traffic is not).
            const key = `${subject(e)}|${e.remote}`;
            if (fired.has(key)) return NO_HITS;
            if (mining) {
              if (fired.size >= maxKeys) fired.clear();
              fired.add(key);
              const why = cats.has('mining') ? 'listed mining address' : `mining-pool port ${e.servicePort}`;
              return [hit(e, key, why, [e], e.time, { feeds: feeds(e.remoteIntel) })];
            }
            let c = conns.get(key);
            if (!c) {
              if (conns.size >= maxKeys) conns.delete(conns.keys().next().value as string);
              c = { first: e.time, last: e.endTime, bytes: 0, flows: 0, fired: false, evidence: [] };
              conns.set(key, c);
            }
            c.first = Math.min(c.first, e.time);
            c.last = Math.max(c.last, e.endTime);
            c.bytes += e.flow.bytes ?? 0;
            c.flows++;
            if (c.evidence.length < 5) c.evidence.push(retainEvent(e));
            const dur = c.last - c.first;
            if (dur >= minDur && c.flows >= 12 && c.bytes / (dur / 1000) < maxBps) {
              conns.delete(key);
              fired.add(key);
              return [
                hit(e, key, 'long-lived low-volume connection', c.evidence, c.first, {
                  durationSeconds: Math.round(dur / 1000),
                  bytes: c.bytes,
                  flows: c.flows,
                }),
              ];
            }
            return NO_HITS;
          },
          flush: () => [],
        };
      },
    },
    fixtures: {
      hit: [
        { name: 'stratum port 3333', events: [flowEvent({ direction: 'outbound', remote: '45.148.10.240', port: 3333 })] },
        {
          name: 'listed mining address on 443',
          events: [flowEvent({ direction: 'outbound', remote: '45.148.10.240', port: 443, intel: listed('45.148.10.240', 'mining') })],
        },
        {
          name: 'three hours of small flows to one peer',
          events: Array.from({ length: 20 }, (_, i) =>
            flowEvent({ direction: 'outbound', remote: '198.51.100.50', port: 10128, at: FIX_T0 + i * 600_000, durationS: 600, bytes: 3000 }),
          ),
        },
      ],
      miss: [
        {
          name: 'HTTPS downloads',
          events: Array.from({ length: 20 }, (_, i) => flowEvent({ direction: 'outbound', remote: '198.51.100.50', port: 443, at: FIX_T0 + i * 600_000 })),
        },
        { name: 'inbound to 3333 (not us mining)', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.50', port: 3333 })] },
        {
          name: 'busy long-lived stream',
          events: Array.from({ length: 20 }, (_, i) =>
            flowEvent({ direction: 'outbound', remote: '198.51.100.50', port: 10128, at: FIX_T0 + i * 600_000, durationS: 600, bytes: 50_000_000 }),
          ),
        },
      ],
    },
  });
}

export default createMiningDetector();
