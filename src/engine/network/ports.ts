import { type FlowEvent, protocolName } from '../../core/network-events.js';
import type { NetworkPort } from '../../store/repos/network.repo.js';

interface PortAgg {
  port: number;
  proto: number | undefined;
  inbound: boolean;
  first: number;
  last: number;
  flows: number;
  bytes: number;
  /** Distinct IPv4 peers as int32 (no string, no hash set per record): at most MAX_PEERS, scanned. */
  v4: number[];
  /** Other peers (IPv6) as text; made only when one is seen. */
  text: Set<string> | undefined;
}

const peerCount = (a: PortAgg) => a.v4.length + (a.text ? a.text.size : 0);

/** Distinct peers are counted exactly up to this many per port (then the count says "at least"). */
export const MAX_PEERS = 64;

/**
 * Per-resource port observations (what `network_ports` stores): accepted inbound flows name the
 * ports a resource serves, outbound ones the remote services it uses. Keys are numbers under a
 * per-resource map (no string building per record); bounded: the caller drains to the store when `full`.
 */
export class PortObserver {
  private readonly byResource = new Map<string, Map<number, PortAgg>>();
  private size = 0;
  constructor(private readonly maxKeys = 50_000) {}

  push(e: FlowEvent): void {
    const f = e.flow;
    if (!e.resource || e.servicePort === undefined || f.action === 'REJECT' || f.logStatus !== 'OK' || e.direction === 'unknown') return;
    let ports = this.byResource.get(e.resource.id);
    if (!ports) {
      ports = new Map();
      this.byResource.set(e.resource.id, ports);
    }
    const inbound = e.direction === 'inbound';
    const key = (e.servicePort * 256 + (f.protocol ?? 255)) * 2 + (inbound ? 1 : 0);
    let a = ports.get(key);
    if (!a) {
      a = { port: e.servicePort, proto: f.protocol, inbound, first: e.time, last: e.endTime, flows: 0, bytes: 0, v4: [], text: undefined };
      ports.set(key, a);
      this.size++;
    }
    if (e.time < a.first) a.first = e.time;
    if (e.endTime > a.last) a.last = e.endTime;
    a.flows++;
    a.bytes += f.bytes ?? 0;
    if (peerCount(a) < MAX_PEERS) {
      // IPv4 peers as numbers: no string hashing per record; a short array beats a Set at this size.
      if (e.remoteV4 !== undefined) {
        const v = e.remoteV4 | 0;
        if (!a.v4.includes(v)) a.v4.push(v);
      } else {
        const remote = e.remote;
        if (remote) (a.text ??= new Set()).add(remote);
      }
    }
  }

  get full(): boolean {
    return this.size >= this.maxKeys;
  }

  drain(): NetworkPort[] {
    const out: NetworkPort[] = [];
    for (const [resourceId, ports] of this.byResource)
      for (const a of ports.values())
        out.push({
          resourceId,
          port: a.port,
          protocol: protocolName(a.proto),
          direction: a.inbound ? 'inbound' : 'outbound',
          firstSeen: new Date(a.first).toISOString(),
          lastSeen: new Date(a.last).toISOString(),
          flows: a.flows,
          bytes: a.bytes,
          peers: peerCount(a),
        });
    this.byResource.clear();
    this.size = 0;
    return out;
  }
}
