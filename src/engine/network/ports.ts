import { type FlowEvent, protocolName } from '../../core/network-events.js';
import type { NetworkPort } from '../../store/repos/network.repo.js';

interface PortAgg {
  first: number;
  last: number;
  flows: number;
  bytes: number;
  peers: Set<string>;
  peerCount: number;
}

const MAX_PEERS = 1000;

/**
 * Per-resource port observations (what `network_ports` stores): accepted inbound flows name the
 * ports a resource serves, outbound ones the remote services it uses. Bounded: the caller drains
 * to the store when `full`.
 */
export class PortObserver {
  private readonly map = new Map<string, PortAgg>();
  constructor(private readonly maxKeys = 50_000) {}

  push(e: FlowEvent): void {
    const f = e.flow;
    if (!e.resource || e.servicePort === undefined || f.action === 'REJECT' || f.logStatus !== 'OK' || e.direction === 'unknown') return;
    const key = `${e.resource.id}\u0000${e.servicePort}\u0000${protocolName(f.protocol)}\u0000${e.direction}`;
    let a = this.map.get(key);
    if (!a) {
      a = { first: e.time, last: e.endTime, flows: 0, bytes: 0, peers: new Set(), peerCount: 0 };
      this.map.set(key, a);
    }
    if (e.time < a.first) a.first = e.time;
    if (e.endTime > a.last) a.last = e.endTime;
    a.flows++;
    a.bytes += f.bytes ?? 0;
    if (e.remote && a.peers.size < MAX_PEERS && !a.peers.has(e.remote)) {
      a.peers.add(e.remote);
      a.peerCount++;
    }
  }

  get full(): boolean {
    return this.map.size >= this.maxKeys;
  }

  drain(): NetworkPort[] {
    const out: NetworkPort[] = [];
    for (const [key, a] of this.map) {
      const [resourceId, port, protocol, direction] = key.split('\u0000') as [string, string, string, 'inbound' | 'outbound'];
      out.push({
        resourceId,
        port: Number(port),
        protocol,
        direction,
        firstSeen: new Date(a.first).toISOString(),
        lastSeen: new Date(a.last).toISOString(),
        flows: a.flows,
        bytes: a.bytes,
        peers: a.peerCount,
      });
    }
    this.map.clear();
    return out;
  }
}
