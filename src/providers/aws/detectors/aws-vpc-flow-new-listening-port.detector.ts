import type { DetectorHit } from '../../../core/units/detector.js';
import { type FlowEvent, flowEvidence, protocolName, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, FIX_T0, flowEvent, isAccepted, subject, subjectNum } from './network-helpers.js';

export interface ListeningPortOptions {
  maxKeys?: number;
  /** Ports a resource is already known to serve (from earlier ingests: `network_ports`). */
  known?: (resourceId: string) => ReadonlySet<string> | undefined;
  /** Without known ports, learn for this long (seconds) from a resource's first flow before judging. */
  learnSeconds?: number;
}

/** A protocol and port as one number (no protocol: 256); `portText` prints it as `tcp/443`. */
const portNum = (protocol: number | undefined, port: number): number => (protocol ?? 256) * 65536 + port;
const portText = (n: number): string => {
  const p = Math.floor(n / 65536);
  return `${protocolName(p === 256 ? undefined : p)}/${n % 65536}`;
};
const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, unknown: 256 };
/** `tcp/443` (as stored in `network_ports`) → its number; undefined for text no record could give. */
function parsePort(s: string): number | undefined {
  const at = s.lastIndexOf('/');
  const name = s.slice(0, at);
  const port = Number(s.slice(at + 1));
  const p = PROTOCOLS[name] ?? (/^[0-9]+$/.test(name) ? Number(name) : undefined);
  if (p === undefined || at < 0 || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return portNum(p === 256 ? undefined : p, port);
}

interface Learned {
  /** Its key (`subject`) and subject number (-1: none). */
  key: string;
  sn: number;
  since: number;
  /** Protocol and port numbers (`portNum`): no text per record. */
  ports: Set<number>;
  known: boolean;
}

/** Ports remembered per subject number in `SeenPorts`: the first few each resource serves, in one small block. */
const SEEN_SLOTS = 7;
const SEEN_STRIDE = SEEN_SLOTS + 1;

/**
 * The first `SEEN_SLOTS` ports of each numbered subject in one flat array (its count, then the
 * ports): the question asked of nearly every record — has its resource served this port before —
 * read from one short block instead of the resource's entry and its set, which are scattered over
 * the heap (cache misses were most of this detector's time). A subset of each entry's `ports`, so
 * a port found here is one the set has; the set stays the answer for the rest.
 */
class SeenPorts {
  private a = new Int32Array(0);

  has(sn: number, num: number): boolean {
    const a = this.a;
    const at = sn * SEEN_STRIDE;
    if (at >= a.length) return false;
    const end = at + 1 + (a[at] as number);
    for (let i = at + 1; i < end; i++) if (a[i] === num) return true;
    return false;
  }

  add(sn: number, num: number): void {
    // Port numbers are small; anything an int32 would not hold exactly stays in the set alone.
    if ((num | 0) !== num) return;
    const at = sn * SEEN_STRIDE;
    if (at >= this.a.length) {
      const a = new Int32Array(Math.max(1024 * SEEN_STRIDE, (sn + 1) * SEEN_STRIDE * 2));
      a.set(this.a);
      this.a = a;
    }
    const c = this.a[at] as number;
    if (c < SEEN_SLOTS) {
      this.a[at + 1 + c] = num;
      this.a[at] = c + 1;
    }
  }

  forget(sn: number): void {
    const at = sn * SEEN_STRIDE;
    if (at < this.a.length) this.a[at] = 0;
  }
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
        /** The same entries by subject number. */
        const bySn: (Learned | undefined)[] = [];
        const seen = new SeenPorts();
        return {
          push(e): DetectorHit<FlowEvent>[] {
            if (e.direction !== 'inbound' || !isAccepted(e) || e.servicePort === undefined || e.resource === undefined || e.servicePort >= 32768)
              return NO_HITS;
            if ((e.flow.packets ?? 0) < 2) return NO_HITS;
            const num = portNum(e.flow.protocol, e.servicePort);
            // By subject number where there is one (an array read), else by the subject's text.
            const sn = subjectNum(e);
            let s: Learned | undefined;
            if (sn >= 0) {
              s = bySn[sn];
              // Nearly every record is of a port its resource served before: answered without touching its entry.
              if (s !== undefined && seen.has(sn, num)) return NO_HITS;
            } else s = state.get(subject(e));
            if (!s) {
              if (state.size >= maxKeys) {
                const first = state.values().next().value as Learned;
                state.delete(first.key);
                if (first.sn >= 0) {
                  bySn[first.sn] = undefined;
                  seen.forget(first.sn);
                }
              }
              const key = subject(e);
              const known = opts.known?.(key);
              const ports = new Set<number>();
              for (const k of known ?? []) {
                const n = parsePort(k);
                if (n !== undefined) ports.add(n);
              }
              s = { key, sn, since: e.time, ports, known: Boolean(known?.size) };
              state.set(key, s);
              if (sn >= 0) {
                bySn[sn] = s;
                for (const n of ports) seen.add(sn, n);
              }
            }
            if (s.ports.has(num)) return NO_HITS;
            if (s.ports.size < 4096) {
              s.ports.add(num);
              if (sn >= 0) seen.add(sn, num);
            }
            if (!s.known && e.time < s.since + learn) return NO_HITS;
            const port = portText(num);
            return [
              {
                detectorId: 'aws-vpc-flow-new-listening-port',
                key: `${s.key}|${port}`,
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
