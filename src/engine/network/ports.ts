import { type AttributedResource, type FlowEvent, protocolName } from '../../core/network-events.js';
import { subjectNum } from '../../providers/aws/detectors/network-helpers.js';
import { hashKey } from './lru-slots.js';
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

// The flat table: one entry of STRIDE doubles per resource, port, protocol and direction.
const STRIDE = 8;
const K_KEY = 0; // subject number × 2^25 + port key; -1 empty
const K_FIRST = 1;
const K_LAST = 2;
const K_FLOWS = 3;
const K_BYTES = 4;
const K_PROTO = 6; // NaN: none
// Two int32 (in `ints`, the table's other view) in the place of one double each:
const I_V4 = 5 * 2; // distinct IPv4 peers held in the slab
const I_AGG = 5 * 2 + 1; // the entry's number: its peers' place in the slab, its text peers
const I_BLOOM = 7 * 2; // 64 bits: one per hash of a peer held in the slab (`pushFlat`)

/**
 * Per-resource port observations (what `network_ports` stores): accepted inbound flows name the
 * ports a resource serves, outbound ones the remote services it uses. Bounded: the caller drains to
 * the store when `full`.
 *
 * Every accepted record lands here, so its cost is a few memory reads: resources with a subject
 * number (`subjectNum`: nearly all) share one open-addressing table of fixed-size entries keyed by
 * that number and the port, protocol and direction — the entry's counters sit in one or two cache
 * lines — with each entry's first MAX_PEERS IPv4 peers in a slab of int32 beside it (scanned: a
 * port's peers are few and the scan stops once it is full). Other resources keep the per-resource
 * maps of objects.
 */
export class PortObserver {
  private readonly byResource = new Map<string, Map<number, PortAgg>>();
  private size = 0;
  private table = new Float64Array(0);
  /** The table's memory as int32 (the I_ fields). */
  private ints = new Int32Array(0);
  private mask = -1;
  private entries = 0;
  private slab = new Int32Array(0);
  /** Subject number → resource id, for the drain. */
  private readonly ids: string[] = [];
  /** Text (IPv6) peers of flat entries, by entry number; made only when one is seen. */
  private readonly texts = new Map<number, Set<string>>();
  constructor(private readonly maxKeys = 50_000) {}

  push(e: FlowEvent): void {
    const f = e.flow;
    if (!e.resource || e.servicePort === undefined || f.action === 'REJECT' || f.logStatus !== 'OK' || e.direction === 'unknown') return;
    const inbound = e.direction === 'inbound';
    const key = (e.servicePort * 256 + (f.protocol ?? 255)) * 2 + (inbound ? 1 : 0);
    const sn = subjectNum(e);
    // Port keys are below 2^25 for valid ports; anything else keeps to the maps.
    if (sn >= 0 && key >= 0 && key < PORT_KEYS && Number.isInteger(key)) this.pushFlat(e, sn, key);
    else this.pushMap(e, key, inbound);
  }

  private pushFlat(e: FlowEvent, sn: number, portKey: number): void {
    const k = sn * PORT_KEYS + portKey;
    if (this.entries * 2 >= this.table.length / STRIDE) this.growTable();
    const t = this.table;
    const ti = this.ints;
    const mask = this.mask;
    let i = hashKey(k) & mask;
    let at: number;
    for (;;) {
      at = i * STRIDE;
      const x = t[at + K_KEY] as number;
      if (x === k) break;
      if (x === -1) {
        this.ids[sn] ??= (e.resource as AttributedResource).id;
        const n = this.entries++;
        this.size++;
        t[at + K_KEY] = k;
        t[at + K_FIRST] = e.time;
        t[at + K_LAST] = e.endTime;
        t[at + K_FLOWS] = 0;
        t[at + K_BYTES] = 0;
        t[at + K_PROTO] = e.flow.protocol ?? Number.NaN;
        ti[at * 2 + I_V4] = 0;
        ti[at * 2 + I_AGG] = n;
        ti[at * 2 + I_BLOOM] = 0;
        ti[at * 2 + I_BLOOM + 1] = 0;
        if ((n + 1) * MAX_PEERS > this.slab.length) {
          const slab = new Int32Array(Math.max(1024, this.slab.length * 2));
          slab.set(this.slab);
          this.slab = slab;
        }
        break;
      }
      i = (i + 1) & mask;
    }
    if (e.time < (t[at + K_FIRST] as number)) t[at + K_FIRST] = e.time;
    if (e.endTime > (t[at + K_LAST] as number)) t[at + K_LAST] = e.endTime;
    t[at + K_FLOWS] = (t[at + K_FLOWS] as number) + 1;
    t[at + K_BYTES] = (t[at + K_BYTES] as number) + (e.flow.bytes ?? 0);
    const v4 = ti[at * 2 + I_V4] as number;
    const n = ti[at * 2 + I_AGG] as number;
    const text = this.texts.size ? this.texts.get(n) : undefined;
    if (v4 + (text ? text.size : 0) >= MAX_PEERS) return;
    if (e.remoteV4 !== undefined) {
      const v = e.remoteV4 | 0;
      const slab = this.slab;
      const base = n * MAX_PEERS;
      // A peer whose bit is clear is new without a scan of the slab, whose lines are mostly not in
      // cache (that read was half of this method's time); the bits share the entry's lines, read anyway.
      // A set bit may be another peer's: then the scan decides.
      const h = Math.imul(v, 0x9e3779b1) >>> 26;
      const w = at * 2 + I_BLOOM + (h >>> 5);
      const bit = 1 << (h & 31);
      if (((ti[w] as number) & bit) !== 0) for (let j = base; j < base + v4; j++) if (slab[j] === v) return;
      ti[w] = (ti[w] as number) | bit;
      slab[base + v4] = v;
      ti[at * 2 + I_V4] = v4 + 1;
    } else {
      const remote = e.remote;
      if (!remote) return;
      if (text) text.add(remote);
      else this.texts.set(n, new Set([remote]));
    }
  }

  private growTable(): void {
    const old = this.table;
    const slots = Math.max(1024, (old.length / STRIDE) * 2);
    const t = new Float64Array(slots * STRIDE);
    for (let i = 0; i < slots; i++) t[i * STRIDE + K_KEY] = -1;
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      const k = old[at + K_KEY] as number;
      if (k === -1) continue;
      let i = hashKey(k) & mask;
      while (t[i * STRIDE + K_KEY] !== -1) i = (i + 1) & mask;
      // Same-type copy: bytes as they are, so the int32 fields keep their bits.
      t.set(old.subarray(at, at + STRIDE), i * STRIDE);
    }
    this.table = t;
    this.ints = new Int32Array(t.buffer);
    this.mask = mask;
  }

  private pushMap(e: FlowEvent, key: number, inbound: boolean): void {
    const f = e.flow;
    const servicePort = e.servicePort as number;
    const resourceId = (e.resource as AttributedResource).id;
    let ports = this.byResource.get(resourceId);
    if (!ports) {
      ports = new Map();
      this.byResource.set(resourceId, ports);
    }
    let a = ports.get(key);
    if (!a) {
      a = { port: servicePort, proto: f.protocol, inbound, first: e.time, last: e.endTime, flows: 0, bytes: 0, v4: [], text: undefined };
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
    const t = this.table;
    const ti = this.ints;
    for (let at = 0; at < t.length; at += STRIDE) {
      const k = t[at + K_KEY] as number;
      if (k === -1) continue;
      const portKey = k % PORT_KEYS;
      const proto = t[at + K_PROTO] as number;
      out.push({
        resourceId: this.ids[Math.floor(k / PORT_KEYS)] as string,
        port: Math.floor(portKey / 512),
        protocol: protocolName(Number.isNaN(proto) ? undefined : proto),
        direction: portKey % 2 === 1 ? 'inbound' : 'outbound',
        firstSeen: new Date(t[at + K_FIRST] as number).toISOString(),
        lastSeen: new Date(t[at + K_LAST] as number).toISOString(),
        flows: t[at + K_FLOWS] as number,
        bytes: t[at + K_BYTES] as number,
        peers: (ti[at * 2 + I_V4] as number) + (this.texts.get(ti[at * 2 + I_AGG] as number)?.size ?? 0),
      });
      t[at + K_KEY] = -1;
    }
    this.entries = 0;
    this.texts.clear();
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

/** Port keys ((port × 256 + protocol) × 2 + direction) are below this for ports up to 65535. */
const PORT_KEYS = 2 ** 25;
