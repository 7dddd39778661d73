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
  /**
   * Distinct IPv4 peers: an open-addressing set of int32 in a typed array (0 is "empty"; the address
   * 0.0.0.0 is `v4Zero`), grown by doubling while at most half full, so at most 2 × MAX_PEERS slots.
   */
  v4: Int32Array;
  v4Count: number;
  v4Zero: boolean;
  /** Other peers (IPv6) as text; made only when one is seen. */
  text: Set<string> | undefined;
}

const peerCount = (a: PortAgg) => a.v4Count + (a.text ? a.text.size : 0);

/** Adds an IPv4 peer (int32) to the aggregate's set; a no-op when present. */
function addV4(a: PortAgg, v: number): void {
  if (v === 0) {
    if (!a.v4Zero) {
      a.v4Zero = true;
      a.v4Count++;
    }
    return;
  }
  let slots = a.v4;
  let mask = slots.length - 1;
  let i = Math.imul(v, 0x9e3779b1) >>> 16;
  for (;;) {
    i &= mask;
    const s = slots[i] as number;
    if (s === v) return;
    if (s === 0) break;
    i++;
  }
  if ((a.v4Count + 1) * 2 > slots.length) {
    // Grow, re-insert, then find the new value's slot in the larger table.
    const old = slots;
    slots = new Int32Array(old.length * 2);
    mask = slots.length - 1;
    for (const x of old) {
      if (x === 0) continue;
      let j = Math.imul(x, 0x9e3779b1) >>> 16;
      while (slots[j & mask] !== 0) j++;
      slots[j & mask] = x;
    }
    a.v4 = slots;
    i = Math.imul(v, 0x9e3779b1) >>> 16;
    while (slots[i & mask] !== 0) i++;
    i &= mask;
  }
  slots[i] = v;
  a.v4Count++;
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
      a = {
        port: e.servicePort,
        proto: f.protocol,
        inbound,
        first: e.time,
        last: e.endTime,
        flows: 0,
        bytes: 0,
        v4: new Int32Array(8),
        v4Count: 0,
        v4Zero: false,
        text: undefined,
      };
      ports.set(key, a);
      this.size++;
    }
    if (e.time < a.first) a.first = e.time;
    if (e.endTime > a.last) a.last = e.endTime;
    a.flows++;
    a.bytes += f.bytes ?? 0;
    if (peerCount(a) < MAX_PEERS) {
      // IPv4 peers as numbers: no string hashing per record.
      if (e.remoteV4 !== undefined) addV4(a, e.remoteV4 | 0);
      else {
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
