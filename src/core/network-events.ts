import type { DnsQuery, FlowRecord } from './events.js';
import type { GeoInfo, IntelHit } from './intel.js';
import { isoTime } from './iso-time.js';

/**
 * What network detectors read: a normalised flow or DNS record already enriched once by the engine
 * (attribution to the inventory, threat-intel and geo lookups of the peer), so each of a dozen
 * detectors does no lookups of its own and stays a pure function over the event.
 */
export interface AttributedResource {
  id: string;
  type: string;
  account: string;
  region: string;
  name: string;
  securityGroups: string[];
  /** Has a public IPv4 address or Elastic IP: reachable from the internet if its rules allow. */
  public: boolean;
  eni?: string;
}

export type FlowDirection = 'inbound' | 'outbound' | 'unknown';

export interface FlowEvent {
  flow: FlowRecord;
  /** Epoch ms of the flow's start and end. */
  time: number;
  endTime: number;
  /** The inventory resource at our end of the flow (by ENI, else by address, at that time). */
  resource?: AttributedResource;
  local?: string;
  localPort?: number;
  /** The other end; the original client address (pkt-srcaddr) when a NAT or load balancer sits between. */
  remote?: string;
  /** `remote` as an unsigned 32-bit number when it is an IPv4 address: a grouping key without text. */
  remoteV4?: number;
  remotePort?: number;
  /** When the other end is in the inventory too (internal traffic). */
  remoteResource?: AttributedResource;
  /** Who opened the connection, from our side: the peer (`inbound`) or us (`outbound`). */
  direction: FlowDirection;
  /** The port of the side that serves: the listening port for inbound, the remote service for outbound. */
  servicePort?: number;
  /** The peer is a public internet address outside the inventory. */
  remoteExternal: boolean;
  remoteIntel?: IntelHit;
  remoteGeo?: GeoInfo;
  /** `subjectNum` of `resource` when the engine worked it out already (the batch path does, once per record). */
  subjectNo?: number;
}

export interface DnsEvent {
  query: DnsQuery;
  time: number;
  /** Normalised query name: lower case, no trailing dot. */
  name: string;
  resource?: AttributedResource;
  nameIntel?: IntelHit;
  /** A listing of an address the name resolved to. */
  answerIntel?: IntelHit;
}

/**
 * The batch ingest hands detectors one reused event object per record instead of a new one: a
 * detector that keeps an event beyond its `push` (window evidence, a baseline's largest records)
 * keeps `retainEvent(e)` — a copy of a reused event, the event itself otherwise.
 */
export const RETAIN: unique symbol = Symbol('retain');
export function retainEvent<E>(e: E): E {
  const copy = (e as { [RETAIN]?: () => E })[RETAIN];
  return copy ? copy.call(e) : e;
}

/**
 * Keeps events in numbered slots of flat arrays, for a detector that keeps many records only in case
 * it needs them later (the volume baseline keeps each resource-hour's largest, read only if the hour
 * fires). A reused batch event writes its values into its slot (`[KEEP]`) and is rebuilt as an event
 * only when asked for (`event`): keeping is stores into arrays the detector already holds, where a
 * copy per record was three objects to fill, spread over the heap. Other events are kept as they are.
 */
export class KeptEvents<E> {
  /** Per slot, `KEPT_NUMS` numbers and `KEPT_REFS` references, laid out by whoever wrote the slot. */
  readonly nums: Float64Array;
  readonly refs: unknown[];
  constructor(readonly size: number) {
    this.nums = new Float64Array(size * KEPT_NUMS);
    this.refs = new Array<unknown>(size * KEPT_REFS).fill(undefined);
  }

  /** Keeps `e` in slot `i` (what the slot held before is dropped). */
  keep(i: number, e: E): void {
    const keep = (e as { [KEEP]?: (into: KeptEvents<E>, i: number) => void })[KEEP];
    if (keep) keep.call(e, this, i);
    else {
      this.refs[i * KEPT_REFS] = itself;
      this.refs[i * KEPT_REFS + 1] = e;
    }
  }

  /** A larger copy: the same slots, and `size - this.size` empty ones after them. */
  grown(size: number): KeptEvents<E> {
    const to = new KeptEvents<E>(size);
    to.nums.set(this.nums);
    for (let k = 0; k < this.refs.length; k++) to.refs[k] = this.refs[k];
    return to;
  }

  /** The event kept in slot `i`: a new object for a reused event's values, on every call. */
  event(i: number): E {
    return (this.refs[i * KEPT_REFS] as KeptEventMaker<E>)(this, i);
  }
}

/** What a slot's first reference holds: how to rebuild the slot's event. */
export type KeptEventMaker<E> = (from: KeptEvents<E>, i: number) => E;

/** Numbers and references per slot of a `KeptEvents`. */
export const KEPT_NUMS = 28;
export const KEPT_REFS = 24;

/** The maker of a slot holding an event as it is (its second reference). */
const itself = <E>(from: KeptEvents<E>, i: number): E => from.refs[i * KEPT_REFS + 1] as E;

/** `keep` of an event that writes itself into a slot (see `KeptEvents`); the slot's maker must rebuild it. */
export const KEEP: unique symbol = Symbol('keep');

/**
 * Set (true) on events whose `remote` and `local` texts are made from `remoteV4` / `localV4` (the
 * batch path's): their numbers stand for their texts one to one, with no check of the text.
 */
export const V4_EXACT: unique symbol = Symbol('v4Exact');

/**
 * Traits of a flow event as bits, computed once per event so detectors can declare (`needs`) what
 * an event must have for them to look at it: most records then touch no detector's state.
 */
export const FT = {
  inbound: 1,
  outbound: 2,
  /** Not rejected, not NODATA/SKIPDATA (`isAccepted`). */
  accepted: 4,
  notRejected: 8,
  external: 16,
  listed: 32,
  /** Service port 22 or 3389. */
  adminPort: 64,
  /** Rejected, or at most 3 packets: what a probe looks like. */
  probe: 128,
  /** The peer is not in the inventory. */
  peerUnknown: 256,
  skipData: 512,
  hasServicePort: 1024,
  /** Service port 9001 or 9030 (Tor ORPort / DirPort defaults). */
  torPort: 2048,
  /** Service port in MINING_PORTS. */
  poolPort: 4096,
  /** Service port 1024 or above, not 8443 and not in SENSITIVE_PORTS: no well-known or database/admin service. */
  unusualPort: 8192,
} as const;

/** The port bits of each service port, made once (a table read per record instead of set lookups). */
let portBits: Uint16Array | undefined;
function portTraits(port: number): number {
  if (!portBits) {
    portBits = new Uint16Array(65536);
    for (let p = 0; p < 65536; p++) {
      let t: number = FT.hasServicePort;
      if (p === 22 || p === 3389) t |= FT.adminPort;
      if (p === 9001 || p === 9030) t |= FT.torPort;
      if (MINING_PORTS.has(p)) t |= FT.poolPort;
      if (p >= 1024 && p !== 8443 && !SENSITIVE_PORTS.has(p)) t |= FT.unusualPort;
      portBits[p] = t;
    }
  }
  // Ports out of range (not from a valid record) still have one; they get only `hasServicePort`.
  return port >= 0 && port < 65536 && Number.isInteger(port) ? (portBits[port] as number) : FT.hasServicePort;
}

/** Codes of `traitBits`' arguments, so a columnar engine passes numbers it already holds. */
export const TRAIT_DIR = { unknown: 0, inbound: 1, outbound: 2 } as const;
export const TRAIT_STATUS = { ok: 0, noData: 1, skipData: 2 } as const;

/**
 * The trait mask from its inputs as numbers: `flowTraits` for an event, and the batch path straight
 * from its columns (one definition, so both give the same mask). `servicePort` NaN: none.
 */
export function traitBits(
  dir: number,
  rejected: boolean,
  status: number,
  external: boolean,
  listed: boolean,
  servicePort: number,
  packets: number,
  peerUnknown: boolean,
): number {
  let t = dir === TRAIT_DIR.inbound ? FT.inbound : dir === TRAIT_DIR.outbound ? FT.outbound : 0;
  if (!rejected) {
    t |= FT.notRejected;
    if (status === TRAIT_STATUS.ok) t |= FT.accepted;
  }
  if (status === TRAIT_STATUS.skipData) t |= FT.skipData;
  if (external) t |= FT.external;
  if (listed) t |= FT.listed;
  if (!Number.isNaN(servicePort)) t |= portTraits(servicePort);
  if (rejected || packets <= 3) t |= FT.probe;
  if (peerUnknown) t |= FT.peerUnknown;
  return t;
}

export function flowTraits(e: FlowEvent): number {
  const f = e.flow;
  return traitBits(
    TRAIT_DIR[e.direction],
    f.action === 'REJECT',
    f.logStatus === 'NODATA' ? TRAIT_STATUS.noData : f.logStatus === 'SKIPDATA' ? TRAIT_STATUS.skipData : TRAIT_STATUS.ok,
    e.remoteExternal,
    e.remoteIntel !== undefined,
    e.servicePort ?? Number.NaN,
    f.packets ?? 0,
    e.remoteResource === undefined,
  );
}

/** Ports whose exposure to the internet matters most: admin, databases, caches, search, file sharing. */
export const SENSITIVE_PORTS: ReadonlySet<number> = new Set([
  21, 22, 23, 25, 135, 139, 445, 1433, 1521, 2375, 2376, 3306, 3389, 5432, 5601, 5900, 5984, 6379, 7001, 8020, 8080, 8888, 9042, 9092, 9200, 9300, 11211, 27017,
  27018, 50070,
]);

/** Stratum mining-pool ports commonly used by XMR, ETH and BTC pools. */
export const MINING_PORTS: ReadonlySet<number> = new Set([3333, 3334, 3335, 4444, 5555, 5556, 7777, 8888, 9999, 14433, 14444, 45560, 45700]);

/** Tor relay ports (ORPort / DirPort defaults). */
export const TOR_PORTS: ReadonlySet<number> = new Set([9001, 9030, 9050, 9051, 9150]);

export const protocolName = (p: number | undefined): string =>
  p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : p === 58 ? 'icmpv6' : String(p ?? 'unknown');

/** A compact evidence record of a flow (what a finding shows of each record). */
export function flowEvidence(e: FlowEvent): Record<string, unknown> {
  const f = e.flow;
  const srcAddr = f.srcAddr;
  const r: Record<string, unknown> = {
    // Flow times are whole seconds: `isoTime` formats them from a cached hour (Date was most of this function's cost).
    time: isoTime(e.time),
    interfaceId: f.interfaceId,
    srcAddr,
    srcPort: f.srcPort,
    dstAddr: f.dstAddr,
    dstPort: f.dstPort,
    protocol: protocolName(f.protocol),
    packets: f.packets,
    bytes: f.bytes,
    action: f.action,
  };
  // Set after, in this order (the same keys and order as spreading them in): spreading a `false`
  // into a literal takes the runtime's generic copy, and every record a finding keeps is built here.
  const pktSrcAddr = f.pktSrcAddr;
  if (pktSrcAddr && pktSrcAddr !== srcAddr) r.pktSrcAddr = pktSrcAddr;
  if (f.tcpFlags !== undefined) r.tcpFlags = f.tcpFlags;
  return r;
}
