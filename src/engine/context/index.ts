import type { Finding } from '../../core/finding.js';
import type { IntelHit } from '../../core/intel.js';
import { ipsIn, isPublicIp } from '../../core/net.js';
import { byText, compareFindings } from '../../core/order.js';
import { sourceInitiatedBy } from '../network/enrich.js';
import type { GraphView, ResourceRecord } from '../../core/resource.js';
import { type ApplicationFact, type ContextSources, type ExposureFact, type PrivilegeFact, type VulnerabilityFact, byVulnerabilityWeight } from './sources.js';

/**
 * How a finding's evidence shows an address: `from` — traffic it started that was accepted (an
 * inbound connection); `to` — traffic to it (a connection of ours, or the answers to one); `api` —
 * API calls made from it; `named` — anything else (a DNS answer, a rejected attempt).
 */
export type SightingHow = 'from' | 'to' | 'api' | 'named';

/** One intel hit seen in a finding's evidence: which address, how many feeds, on which finding, how. */
export interface IntelSighting {
  ip: string;
  findingId: string;
  resourceId: string | null;
  feeds: string[];
  categories: string[];
  at: string;
  how: SightingHow;
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1 };

/**
 * `SightingHow` of `ip` in a finding's evidence, from the flow records it keeps (who started each
 * one is judged as the flow pipeline judges it, so a pool's answers to a miner are not "from" the
 * pool) or a CloudTrail event's source address. Strongest first: one accepted inbound flow decides.
 */
export function howSeen(ip: string, evidence: unknown): SightingHow {
  let to = false;
  let api = false;
  const walk = (v: unknown, depth: number): boolean => {
    if (depth < 0 || !v || typeof v !== 'object') return false;
    if (Array.isArray(v)) return v.some((x) => walk(x, depth - 1));
    const o = v as Record<string, unknown>;
    const src = o.pktSrcAddr ?? o.srcAddr;
    const dst = o.pktDstAddr ?? o.dstAddr;
    if (src === ip || dst === ip) {
      const num = (x: unknown) => (typeof x === 'number' ? x : -1);
      const proto = typeof o.protocol === 'string' ? (PROTOCOLS[o.protocol] ?? -1) : num(o.protocol);
      const rejected = o.action === 'REJECT';
      const srcStarted = sourceInitiatedBy(rejected, num(o.tcpFlags), proto, num(o.srcPort), num(o.dstPort));
      // Accepted, and the address started it: its own packets, or our answers to them.
      if (!rejected && srcStarted === (src === ip)) return true;
      if (!rejected) to = true;
    }
    if (o.sourceIPAddress === ip) api = true;
    return Object.values(o).some((x) => walk(x, depth - 1));
  };
  if (walk(evidence, 5)) return 'from';
  return to ? 'to' : api ? 'api' : 'named';
}

/**
 * The sighting to name first: listed by the most feeds, then the most recent (one address is often
 * seen by several findings — a flow an hour ago, a mining hit yesterday — and "in the last 24 h"
 * must follow from the latest evidence, not from whichever finding was read first), then by
 * address and finding. Findings reach the index in no meaningful order; this makes the choice.
 */
export function bySightingStrength(a: IntelSighting, b: IntelSighting): number {
  return b.feeds.length - a.feeds.length || byText(b.at, a.at) || byText(a.ip, b.ip) || byText(a.findingId, b.findingId);
}

/**
 * Everything context rules and scoring read, computed once per run: facts per resource (async
 * sources resolved up front), open findings per resource, intel sightings per resource. Rules stay
 * synchronous and pure over this index, which is what makes their fixtures cheap.
 */
export interface ContextIndex {
  graph: GraphView;
  now: Date;
  resource(id: string | null | undefined): ResourceRecord | undefined;
  findingsOn(id: string): Finding[];
  /** Findings on the resource and on what it is directly attached to (its ENIs, the instance behind an SSM record). */
  findingsAround(id: string): Finding[];
  exposure(id: string): ExposureFact | undefined;
  applications(id: string): ApplicationFact[];
  /** Heaviest first (`byVulnerabilityWeight`): the first is the one to name. */
  vulnerabilities(id: string): VulnerabilityFact[];
  privileges(id: string): PrivilegeFact[];
  /** Strongest first (`bySightingStrength`): the first is the one to name. */
  sightings(id: string): IntelSighting[];
  /** Data-classification tags (`data-classification`, `sensitivity`, `pii`…) that mark sensitive data. */
  sensitivity(id: string): string | undefined;
}

const SENSITIVE_TAGS = ['data-classification', 'dataclassification', 'classification', 'sensitivity', 'data-sensitivity', 'pii', 'phi'];
const SENSITIVE_VALUES = /^(confidential|restricted|secret|sensitive|pii|phi|pci|true|yes|high)$/i;

export function sensitivityOf(r: ResourceRecord | undefined): string | undefined {
  if (!r) return undefined;
  for (const [k, v] of Object.entries(r.tags ?? {})) {
    if (SENSITIVE_TAGS.includes(k.toLowerCase()) && SENSITIVE_VALUES.test(v)) return `${k}=${v}`;
  }
  return undefined;
}

/** Addresses a resource answers on: what turns an IP in a flow-log finding into a resource. */
export function addressesOf(r: ResourceRecord): string[] {
  const c = r.config as Record<string, unknown>;
  const out: string[] = [];
  for (const k of ['PublicIpAddress', 'PrivateIpAddress']) if (typeof c[k] === 'string') out.push(c[k] as string);
  const assoc = c.Association as { PublicIp?: string } | undefined;
  if (assoc?.PublicIp) out.push(assoc.PublicIp);
  for (const p of (c.PrivateIpAddresses as { PrivateIpAddress?: string }[] | undefined) ?? []) if (p.PrivateIpAddress) out.push(p.PrivateIpAddress);
  return out;
}

/** Feeds behind an intel hit: from the injected lookup, else from what the detector put in evidence. */
function feedsFor(ip: string, f: Finding, intel: ContextSources['intel']): { feeds: string[]; categories: string[] } | undefined {
  const hit: IntelHit | undefined = intel.ip(ip);
  if (hit?.listings.length) return { feeds: hit.listings.map((l) => l.feed), categories: [...new Set(hit.listings.map((l) => l.category ?? 'malicious'))] };
  const e = f.evidence as { intel?: { indicator?: string; listings?: { feed: string; category?: string }[]; feeds?: string[] }; feeds?: string[] | number };
  if (e.intel && (!e.intel.indicator || e.intel.indicator === ip)) {
    const feeds = e.intel.listings?.map((l) => l.feed) ?? e.intel.feeds ?? [];
    if (feeds.length) return { feeds, categories: [...new Set(e.intel.listings?.map((l) => l.category ?? 'malicious') ?? ['malicious'])] };
  }
  if (Array.isArray(e.feeds) && e.feeds.length) return { feeds: e.feeds.map(String), categories: ['malicious'] };
  if (typeof e.feeds === 'number' && e.feeds > 0) return { feeds: Array.from({ length: e.feeds }, (_, i) => `feed-${i + 1}`), categories: ['malicious'] };
  return undefined;
}

export async function buildContextIndex(
  graph: GraphView,
  findings: readonly Finding[],
  sources: ContextSources,
  now = new Date(),
  /** More resources to know facts about (anchors without findings of their own). */
  extraIds: readonly string[] = [],
): Promise<ContextIndex> {
  // In a fixed order (the store returns same-millisecond rows in random order): every list the
  // index answers — findings on a resource, its sightings — is then the same from run to run.
  const open = findings.filter((f) => f.status === 'open').sort(compareFindings);
  const byResource = new Map<string, Finding[]>();
  const add = (id: string, f: Finding) => {
    const list = byResource.get(id) ?? [];
    if (!list.includes(f)) list.push(f);
    byResource.set(id, list);
  };
  // Resources by address, so a network finding that names only IPs lands on its resource.
  const byAddress = new Map<string, string>();
  const ids = new Set<string>();
  for (const f of open) if (f.resourceId) ids.add(f.resourceId);
  for (const id of extraIds) ids.add(id);
  for (const id of [...ids]) for (const n of graph.neighbours(id)) ids.add(n.id);
  for (const id of ids) {
    const r = graph.get(id);
    if (r) for (const a of addressesOf(r)) byAddress.set(a, r.id);
  }
  const sightings = new Map<string, IntelSighting[]>();
  for (const f of open) {
    if (f.resourceId) add(f.resourceId, f);
    const ips = ipsIn(f.evidence);
    if (!f.resourceId) for (const ip of ips) if (byAddress.has(ip)) add(byAddress.get(ip) as string, f);
    for (const ip of ips) {
      if (!isPublicIp(ip) || byAddress.has(ip)) continue;
      const hit = feedsFor(ip, f, sources.intel);
      if (!hit) continue;
      const target = f.resourceId ?? [...ips].map((x) => byAddress.get(x)).find(Boolean) ?? null;
      const s: IntelSighting = { ip, findingId: f.id, resourceId: target, ...hit, at: f.lastSeen, how: howSeen(ip, f.evidence) };
      if (target) sightings.set(target, [...(sightings.get(target) ?? []), s]);
    }
  }
  for (const id of byResource.keys()) ids.add(id);
  const exposure = new Map<string, ExposureFact | undefined>();
  const apps = new Map<string, ApplicationFact[]>();
  const vulns = new Map<string, VulnerabilityFact[]>();
  const privs = new Map<string, PrivilegeFact[]>();
  for (const id of ids) {
    exposure.set(id, await sources.exposure(id));
    apps.set(id, await sources.applications(id));
    // Whatever the source, "the" vulnerability of a resource is the first in weight order.
    vulns.set(id, [...(await sources.vulnerabilities(id))].sort(byVulnerabilityWeight));
    privs.set(id, await sources.privileges(id));
  }
  // What one resource is "directly attached to" for the purpose of sharing findings: an instance
  // and its network interfaces, an instance and its SSM record. Not security groups: a group is
  // shared by many hosts, and one host's traffic is not another's.
  const ATTACH = ['attached-to', 'has-network-interface', 'is'];
  const around = (id: string): Finding[] => {
    const out = new Set(byResource.get(id) ?? []);
    for (const kind of ATTACH) for (const n of graph.neighbours(id, { kind })) for (const f of byResource.get(n.id) ?? []) out.add(f);
    return [...out];
  };
  return {
    graph,
    now,
    resource: (id) => (id ? graph.get(id) : undefined),
    findingsOn: (id) => byResource.get(id) ?? [],
    findingsAround: around,
    exposure: (id) => exposure.get(id),
    applications: (id) => apps.get(id) ?? [],
    vulnerabilities: (id) => vulns.get(id) ?? [],
    privileges: (id) => privs.get(id) ?? [],
    sightings(id) {
      const out = [...(sightings.get(id) ?? [])];
      for (const n of graph.neighbours(id))
        if (n.type === 'aws.ec2.network-interface' || n.type === 'aws.ssm.managed-instance') out.push(...(sightings.get(n.id) ?? []));
      return out.sort(bySightingStrength);
    },
    sensitivity: (id) => sensitivityOf(graph.get(id)),
  };
}
