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
  /** IPv4 peers as int32 (no string per record), others as text. */
  peers: Set<number | string>;
}

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
      a = { port: e.servicePort, proto: f.protocol, inbound, first: e.time, last: e.endTime, flows: 0, bytes: 0, peers: new Set() };
      ports.set(key, a);
      this.size++;
    }
    if (e.time < a.first) a.first = e.time;
    if (e.endTime > a.last) a.last = e.endTime;
    a.flows++;
    a.bytes += f.bytes ?? 0;
    if (a.peers.size < MAX_PEERS) {
      // IPv4 peers as numbers: no string hashing per record.
      if (e.remoteV4 !== undefined) a.peers.add(e.remoteV4 | 0);
      else if (e.remote) a.peers.add(e.remote);
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
          peers: a.peers.size,
        });
    this.byResource.clear();
    this.size = 0;
    return out;
  }
}
