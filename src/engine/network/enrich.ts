import type { DnsQuery, FlowRecord } from '../../core/events.js';
import type { GeoLookup, IntelLookup } from '../../core/intel.js';
import { NO_GEO, NO_INTEL } from '../../core/intel.js';
import { type AttributedResource, type DnsEvent, type FlowDirection, type FlowEvent, MINING_PORTS, SENSITIVE_PORTS } from '../../core/network-events.js';
import { isPrivateAddress, isPrivateV4, parseV4 } from '../intel/ip.js';
import { normaliseDomain } from '../intel/matcher.js';
import { type AttributionIndex, fallbackResource } from './attribution.js';

export interface EnrichDeps {
  index?: AttributionIndex;
  intel?: IntelLookup;
  geo?: GeoLookup;
}

/** Well-known service ports that are servers even above 1024. */
const SERVICE_PORTS = new Set<number>([...SENSITIVE_PORTS, ...MINING_PORTS, 443, 80, 53, 123, 8443, 9001, 9030]);
/** The same as a table by port: asked once or twice per record, where a Set lookup hashes the number. */
const SERVICE_PORT = new Uint8Array(65536);
for (const p of SERVICE_PORTS) if (Number.isInteger(p) && p >= 0 && p < 65536) SERVICE_PORT[p] = 1;
const isServicePort = (p: number): boolean => (p < 65536 ? SERVICE_PORT[p] === 1 : SERVICE_PORTS.has(p));

/**
 * Which side served: REJECTed traffic and a lone SYN mean the source initiated; otherwise the side
 * on a well-known or service port serves, else the lower port (ephemeral ports are high).
 */
export function sourceInitiated(f: FlowRecord): boolean {
  return sourceInitiatedBy(f.action === 'REJECT', f.tcpFlags ?? -1, f.protocol ?? -1, f.srcPort ?? -1, f.dstPort ?? -1);
}

/** `sourceInitiated` on plain numbers (the batch path); -1 stands for an absent field. */
export function sourceInitiatedBy(rejected: boolean, tcpFlags: number, protocol: number, sp: number, dp: number): boolean {
  if (rejected) return true;
  if (tcpFlags >= 0 && protocol === 6) {
    if ((tcpFlags & 18) === 18) return false; // SYN-ACK: the source answered
    if ((tcpFlags & 2) === 2) return true;
  }
  if (sp < 0 || dp < 0 || (sp === 0 && dp === 0)) return true;
  const sSvc = sp < 1024 || isServicePort(sp);
  const dSvc = dp < 1024 || isServicePort(dp);
  if (dSvc && !sSvc) return true;
  if (sSvc && !dSvc) return false;
  return dp <= sp;
}

/**
 * Enriches each record once for every detector: our end (attribution by ENI, else address, at the
 * flow's time), the peer (the original client behind a NAT/LB when pkt-* fields say so), who
 * initiated, and the peer's intel listings and geo. Lookups are cached per address for the run.
 */
export class FlowEnricher {
  private readonly intel: IntelLookup;
  private readonly geo: GeoLookup;
  private readonly geoCache = new Map<string, ReturnType<GeoLookup['lookup']> | null>();
  private readonly fallbacks = new Map<string, AttributedResource | undefined>();

  constructor(private readonly deps: EnrichDeps = {}) {
    this.intel = deps.intel ?? NO_INTEL;
    this.geo = deps.geo ?? NO_GEO;
  }

  // Computing is cheaper than caching here: a cache keyed by freshly sliced strings hashes each one.
  private isPrivate(a: string): boolean {
    const v4 = parseV4(a);
    return v4 >= 0 ? isPrivateV4(v4) : isPrivateAddress(a);
  }

  private intelOf(a: string) {
    return this.intel.ip(a);
  }

  /** The resource a record names itself (no inventory): one object per instance/ENI, reused. */
  fallback(f: FlowRecord): AttributedResource | undefined {
    // Instance and ENI ids are unique across accounts and regions: they alone key the cache.
    const k = f.instanceId ?? f.interfaceId ?? '';
    if (this.fallbacks.has(k)) return this.fallbacks.get(k);
    const r = fallbackResource(f);
    if (this.fallbacks.size > 100_000) this.fallbacks.clear();
    this.fallbacks.set(k, r);
    return r;
  }

  geoOf(a: string) {
    let v = this.geoCache.get(a);
    if (v === undefined) {
      v = this.geo.lookup(a) ?? null;
      if (this.geoCache.size > 200_000) this.geoCache.clear();
      this.geoCache.set(a, v);
    }
    return v ?? undefined;
  }

  enrich(f: FlowRecord): FlowEvent {
    const time = (f.start ?? 0) * 1000;
    const endTime = (f.end ?? f.start ?? 0) * 1000;
    const ev: FlowEvent = { flow: f, time, endTime, direction: 'unknown', remoteExternal: false };
    const idx = this.deps.index;
    let resource: AttributedResource | undefined = idx?.forFlow(f, time);
    if (!f.srcAddr || !f.dstAddr) {
      const r = resource ?? this.fallback(f);
      if (r) ev.resource = r;
      return ev;
    }
    // Which address is ours: the one the ENI owns, else the flow direction, else the private one.
    let localIsDst: boolean;
    const dstRes = idx?.address(f.dstAddr, time);
    const srcRes = idx?.address(f.srcAddr, time);
    if (resource && dstRes?.id === resource.id) localIsDst = true;
    else if (resource && srcRes?.id === resource.id) localIsDst = false;
    else if (f.flowDirection) localIsDst = f.flowDirection === 'ingress';
    else if (dstRes && !srcRes) localIsDst = true;
    else if (srcRes && !dstRes) localIsDst = false;
    else {
      const dPriv = this.isPrivate(f.dstAddr);
      const sPriv = this.isPrivate(f.srcAddr);
      localIsDst = dPriv || !sPriv;
    }
    resource ??= (localIsDst ? dstRes : srcRes) ?? this.fallback(f);
    if (resource) ev.resource = resource;
    ev.local = localIsDst ? f.dstAddr : f.srcAddr;
    const lp = localIsDst ? f.dstPort : f.srcPort;
    const rp = localIsDst ? f.srcPort : f.dstPort;
    if (lp !== undefined) ev.localPort = lp;
    if (rp !== undefined) ev.remotePort = rp;
    let remote = localIsDst ? f.srcAddr : f.dstAddr;
    const pkt = localIsDst ? f.pktSrcAddr : f.pktDstAddr;
    if (pkt && pkt !== remote && pkt !== ev.local) remote = pkt;
    ev.remote = remote;
    const v4 = parseV4(remote);
    if (v4 >= 0) ev.remoteV4 = v4;
    const remoteRes = localIsDst ? srcRes : dstRes;
    if (remoteRes && remoteRes.id !== resource?.id) ev.remoteResource = remoteRes;
    const srcInit = sourceInitiated(f);
    const direction: FlowDirection = srcInit === localIsDst ? 'inbound' : 'outbound';
    ev.direction = direction;
    const svc = srcInit ? f.dstPort : f.srcPort;
    if (svc !== undefined) ev.servicePort = svc;
    ev.remoteExternal = !remoteRes && !this.isPrivate(remote);
    if (ev.remoteExternal) {
      const hit = this.intelOf(remote);
      if (hit) ev.remoteIntel = hit;
      if (this.deps.geo) {
        const g = this.geoOf(remote);
        if (g) ev.remoteGeo = g;
      }
    }
    return ev;
  }
}

/** DNS queries: the querying resource (by source address or instance id), the name's listings and its answers'. */
export class DnsEnricher {
  private readonly intel: IntelLookup;
  constructor(private readonly deps: EnrichDeps = {}) {
    this.intel = deps.intel ?? NO_INTEL;
  }

  enrich(q: DnsQuery): DnsEvent {
    const name = normaliseDomain(q.queryName);
    const ev: DnsEvent = { query: q, time: q.time, name };
    let res = q.srcAddr ? this.deps.index?.address(q.srcAddr, q.time) : undefined;
    if (!res && q.instanceId) {
      res = fallbackResource({ version: 0, instanceId: q.instanceId, ...(q.account && { account: q.account }), ...(q.region && { region: q.region }) });
    }
    if (res) ev.resource = res;
    const hit = this.intel.domain(name);
    if (hit) ev.nameIntel = hit;
    for (const a of q.answers) {
      if (a.type !== 'A' && a.type !== 'AAAA') continue;
      const h = this.intel.ip(a.data);
      if (h) {
        ev.answerIntel = h;
        break;
      }
    }
    return ev;
  }
}
