import type { DnsQuery, FlowRecord } from '../../../core/events.js';
import type { IntelHit, IntelListing } from '../../../core/intel.js';
import { dottedQuad } from '../../../core/net.js';
import { type AttributedResource, type DnsEvent, type FlowEvent, V4_EXACT } from '../../../core/network-events.js';

/** Shared by the network detectors: grouping keys, intel categories, domain helpers, fixture builders. */

export { NO_HITS } from '../../../core/units/detector.js';

export const subject = (e: { resource?: AttributedResource; local?: string }) => e.resource?.id ?? e.local ?? 'unknown';

// ---- numeric grouping keys ----
// Window and match keys are texts (`${remote}|${subject}`); building and hashing one per record is
// most of a detector's cost. These give the same identities as numbers (one number, one text), or
// -1 where no exact number exists — the engine then uses the text.

const subjectIds = new Map<string, number>();
/** Subject numbers stay below this (2^20), so a subject and an IPv4 address fit a double exactly. */
const MAX_SUBJECTS = 1 << 20;
const IP_LIKE = /^[0-9.:]*$/;

/**
 * `subject(e)` as a number when the subject is a resource id: ids are numbered in order of first
 * sight (for the process: a number never changes meaning). -1 without a resource, past
 * `MAX_SUBJECTS` ids, or for an id that could also be an address or `unknown` (a subject of its own).
 */
export function subjectNum(e: { resource?: AttributedResource; subjectNo?: number }): number {
  // The batch path works it out once per record (every detector and the port observer ask).
  return e.subjectNo ?? subjectNumOf(e.resource);
}

/** `subjectNum` of a resource (or none). */
export function subjectNumOf(r: AttributedResource | undefined): number {
  if (!r) return -1;
  const n = subjectIds.get(r.id);
  if (n !== undefined) return n;
  if (subjectIds.size >= MAX_SUBJECTS || r.id === 'unknown' || IP_LIKE.test(r.id)) return -1;
  subjectIds.set(r.id, subjectIds.size);
  return subjectIds.size - 1;
}

/** `e.remote` as a uint32 when it is an IPv4 address as it prints, else -1. */
export function remoteNum(e: FlowEvent): number {
  const v = e.remoteV4;
  if ((e as { [V4_EXACT]?: boolean })[V4_EXACT]) return v ?? -1;
  const s = e.remote;
  return s === undefined ? -1 : dottedQuad(s, true);
}

/** `e.local` likewise. */
export function localNum(e: FlowEvent): number {
  if ((e as { [V4_EXACT]?: boolean })[V4_EXACT]) {
    const v = (e as { localV4?: number }).localV4 as number;
    return Number.isNaN(v) ? -1 : v;
  }
  const s = e.local;
  return s === undefined ? -1 : dottedQuad(s, true);
}

/**
 * The event has a peer / our address. Batch-path events hold IPv4 addresses as numbers and make
 * their text only when read: a filter that only asks whether there is one should not build it.
 */
export const hasRemote = (e: FlowEvent) => e.remoteV4 !== undefined || e.remote !== undefined;
export function hasLocal(e: FlowEvent): boolean {
  const v4 = (e as { localV4?: number }).localV4;
  return v4 !== undefined ? !Number.isNaN(v4) : e.local !== undefined;
}

const NO_CATEGORIES: ReadonlySet<NonNullable<IntelListing['category']>> = new Set();
/** The categories of a hit's listings (a shared empty set for no hit: most records have none). */
export function categories(hit: IntelHit | undefined): ReadonlySet<NonNullable<IntelListing['category']>> {
  if (!hit) return NO_CATEGORIES;
  return new Set(hit.listings.map((l) => l.category ?? 'malicious'));
}

export const feeds = (hit: IntelHit | undefined) => (hit?.listings ?? []).map((l) => l.feed);

export const isAccepted = (e: FlowEvent) => e.flow.action !== 'REJECT' && e.flow.logStatus !== 'NODATA' && e.flow.logStatus !== 'SKIPDATA';

/** Suffixes of cloud and local infrastructure whose generated names look random by design. */
const INFRA =
  /(^|\.)(amazonaws\.com|aws|amazon\.com|cloudfront\.net|awsdns-[0-9]+\.[a-z.]+|elb\.amazonaws\.com|internal|local|localdomain|arpa|compute\.internal|googleapis\.com|gvt1\.com|azureedge\.net|windows\.net|akamaiedge\.net|akamai\.net|fastly\.net|cloudflare\.net|ubuntu\.com|debian\.org)$/;
export const isInfrastructureName = (name: string) => INFRA.test(name);

const TWO_LEVEL = /^(co|com|net|org|gov|edu|ac|or|ne|go)$/;
/** The registrable domain, approximately: the last two labels, three under `co.uk`-style suffixes. */
export function registeredDomain(name: string): string {
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const n = labels.length;
  const take = TWO_LEVEL.test(labels[n - 2] as string) && (labels[n - 1] as string).length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

// ---- fixture builders (used by the units' own fixtures and tests) ----

export const FIX_T0 = Date.parse('2026-11-20T10:00:00Z');

export const fixtureResource = (over: Partial<AttributedResource> = {}): AttributedResource => ({
  id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0a1b2c3d4e5f60001',
  type: 'aws.ec2.instance',
  account: '222222222222',
  region: 'us-east-1',
  name: 'mongo-app',
  securityGroups: ['sg-0a1b2c3d4e5f60001'],
  public: true,
  eni: 'eni-0a1b2c3d4e5f60001',
  ...over,
});

export function listed(indicator: string, category: NonNullable<IntelListing['category']>, feed = 'fixture-feed', confidence = 80): IntelHit {
  return { indicator, listings: [{ feed, category, confidence }] };
}

/**
 * A fixture flow event: `inbound` means the peer connected to our resource's `port`, `outbound`
 * that our resource connected to the peer's `port`.
 */
export function flowEvent(o: {
  direction: 'inbound' | 'outbound';
  remote: string;
  port: number;
  at?: number;
  local?: string;
  remotePort?: number;
  action?: 'ACCEPT' | 'REJECT';
  bytes?: number;
  packets?: number;
  durationS?: number;
  protocol?: number;
  intel?: IntelHit;
  resource?: AttributedResource | null;
  external?: boolean;
}): FlowEvent {
  const local = o.local ?? '10.20.1.20';
  const t = o.at ?? FIX_T0;
  const eph = o.remotePort ?? 49152;
  const inbound = o.direction === 'inbound';
  const flow: FlowRecord = {
    version: 2,
    account: '222222222222',
    interfaceId: 'eni-0a1b2c3d4e5f60001',
    srcAddr: inbound ? o.remote : local,
    dstAddr: inbound ? local : o.remote,
    srcPort: inbound ? eph : eph,
    dstPort: o.port,
    protocol: o.protocol ?? 6,
    packets: o.packets ?? 10,
    bytes: o.bytes ?? 1200,
    start: Math.floor(t / 1000),
    end: Math.floor(t / 1000) + (o.durationS ?? 10),
    action: o.action ?? 'ACCEPT',
    logStatus: 'OK',
  };
  const resource = o.resource === null ? undefined : (o.resource ?? fixtureResource());
  return {
    flow,
    time: t,
    endTime: t + (o.durationS ?? 10) * 1000,
    ...(resource && { resource }),
    local,
    localPort: inbound ? o.port : eph,
    remote: o.remote,
    remotePort: inbound ? eph : o.port,
    direction: o.direction,
    servicePort: o.port,
    remoteExternal: o.external ?? true,
    ...(o.intel && { remoteIntel: o.intel }),
  };
}

export function dnsEvent(
  name: string,
  o: { at?: number; src?: string; intel?: IntelHit; answerIntel?: IntelHit; resource?: AttributedResource | null } = {},
): DnsEvent {
  const t = o.at ?? FIX_T0;
  const query: DnsQuery = {
    time: t,
    account: '333333333333',
    region: 'eu-west-1',
    queryName: `${name}.`,
    queryType: 'A',
    rcode: 'NOERROR',
    srcAddr: o.src ?? '10.30.1.40',
    answers: [],
  };
  const resource =
    o.resource === null
      ? undefined
      : (o.resource ??
        fixtureResource({
          id: 'arn:aws:ec2:eu-west-1:333333333333:instance/i-0d1e2f3a4b5c60003',
          account: '333333333333',
          region: 'eu-west-1',
          name: 'ci-runner',
        }));
  return {
    query,
    time: t,
    name: name.toLowerCase().replace(/\.$/, ''),
    ...(resource && { resource }),
    ...(o.intel && { nameIntel: o.intel }),
    ...(o.answerIntel && { answerIntel: o.answerIntel }),
  };
}
