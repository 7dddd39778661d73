import type { DetectorHit } from '../../../core/units/detector.js';
import { type FlowEvent, flowEvidence, protocolName, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, FIX_T0, flowEvent, isAccepted, subject } from './network-helpers.js';

export interface ListeningPortOptions {
  maxKeys?: number;
  /** Ports a resource is already known to serve (from earlier ingests: `network_ports`). */
  known?: (resourceId: string) => ReadonlySet<string> | undefined;
  /** Without known ports, learn for this long (seconds) from a resource's first flow before judging. */
  learnSeconds?: number;
}

// `tcp/443` strings, one per protocol and port: built once, not per record.
const portKeys = new Map<number, string>();
function portKey(protocol: number | undefined, port: number): string {
  const k = (protocol ?? 256) * 65536 + port;
  let s = portKeys.get(k);
  if (s === undefined) {
    s = `${protocolName(protocol)}/${port}`;
    if (portKeys.size > 100_000) portKeys.clear();
    portKeys.set(k, s);
  }
  return s;
}

interface Learned {
  since: number;
  ports: Set<string>;
  known: boolean;
}

/**
 * A resource starts answering on a port it never served before (a backdoor, a debug listener, a
 * miner's API). Ports already known from earlier ingests are injected; otherwise the first day of a
 * resource's traffic is learned, not judged.
 */
export function createListeningPortDetector(opts: ListeningPortOptions = {}) {
  const maxKeys = opts.maxKeys ?? 100_000;
  const learn = (opts.learnSeconds ?? 86_400) * 1000;
  return defineDetector<FlowEvent>({
    id: 'aws-vpc-flow-new-listening-port',
    title: 'New listening port',
    description: 'A resource accepted inbound connections on a port it was not seen serving before.',
    source: 'aws-vpc-flow',
    severity: 'medium',
    attack: ['T1571', 'T1205'],
    // What every record this acts on has (checked on a bit mask before the logic runs).
    needs: FT.inbound | FT.accepted | FT.hasServicePort,
    logic: {
      kind: 'stateful',
      create() {
        const state = new Map<string, Learned>();
        return {
          push(e): DetectorHit<FlowEvent>[] {
            if (e.direction !== 'inbound' || !isAccepted(e) || e.servicePort === undefined || !e.resource || e.servicePort >= 32768) return NO_HITS;
            if ((e.flow.packets ?? 0) < 2) return NO_HITS;
            const key = subject(e);
            let s = state.get(key);
            if (!s) {
              if (state.size >= maxKeys) state.delete(state.keys().next().value as string);
              const known = opts.known?.(key);
              s = { since: e.time, ports: new Set(known ?? []), known: Boolean(known?.size) };
              state.set(key, s);
            }
            const port = portKey(e.flow.protocol, e.servicePort);
            if (s.ports.has(port)) return NO_HITS;
            if (s.ports.size < 4096) s.ports.add(port);
            if (!s.known && e.time < s.since + learn) return NO_HITS;
            return [
              {
                detectorId: 'aws-vpc-flow-new-listening-port',
                key: `${key}|${port}`,
                title: `New listening port ${port} on ${e.resource.name}`,
                severity: 'medium',
                start: e.time,
                end: e.endTime,
                evidence: [e],
                details: { port: e.servicePort, protocol: protocolName(e.flow.protocol), peer: e.remote, records: [flowEvidence(e)] },
              },
            ];
          },
          flush: () => [],
        };
      },
    },
    fixtures: {
      hit: [
        {
          name: 'a day of 443, then 4444',
          events: [
            flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 }),
            flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443, at: FIX_T0 + 90_000_000 }),
            flowEvent({ direction: 'inbound', remote: '198.51.100.8', port: 4444, at: FIX_T0 + 90_100_000 }),
          ],
        },
      ],
      miss: [
        {
          name: 'new ports inside the learning day',
          events: [
            flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 }),
            flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 22, at: FIX_T0 + 3_600_000 }),
          ],
        },
        {
          name: 'rejected probe after the learning day',
          events: [
            flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 }),
            flowEvent({ direction: 'inbound', remote: '198.51.100.8', port: 4444, at: FIX_T0 + 90_000_000, action: 'REJECT' }),
          ],
        },
      ],
    },
  });
}

export default createListeningPortDetector();
