import { type AuditEvent, actionKey } from '../../core/events.js';
import { dottedQuad } from '../../core/net.js';
import { formatV4 } from '../intel/ip.js';
import type { GeoInfo, GeoLookup } from '../../core/intel.js';
import type { Severity } from '../../core/severity.js';
import type { DetectorHit } from '../../core/units/detector.js';
import { countryDistanceKm } from './countries.js';
import { TaggedCounts, Vocab } from './tagged-counts.js';

/**
 * Per-identity behaviour baselines. An identity is the user ARN, the role ARN for role sessions
 * (so every session of a role shares one baseline), root, or the service. For each it keeps what
 * it does (service:action), where from (regions, ASNs, countries), with what (user-agent family),
 * when (hour of week) and how much (events per hour). While an identity is learning (its first
 * `learningMs` of activity) nothing is reported; afterwards each event is scored against the
 * baseline, factors are explained, and the baseline keeps learning. All maps are capped so a
 * noisy identity cannot grow without bound.
 */

export const BEHAVIOUR_RULE_ID = 'aws-cloudtrail-behaviour-anomaly';

/** What a profile says of the identity itself: the same in the stored and the live form. */
export interface ProfileHead {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: number;
  lastSeen: number;
  learningUntil: number;
  events: number;
}

export interface IdentityProfile extends ProfileHead {
  actions: Record<string, number>;
  regions: Record<string, number>;
  asns: Record<string, number>;
  countries: Record<string, number>;
  userAgents: Record<string, number>;
  accessKeys: Record<string, number>;
  /** 168 counters, Monday 00h UTC first. */
  hours: number[];
  /** Events per hour: the current hour and the statistics of completed hours (Welford). */
  volume: { hour: number; count: number; n: number; mean: number; m2: number; max: number };
  /** Last source location, for impossible travel. */
  lastLocation?: { time: number; country: string; ip: string };
  /** Recent anomalies (newest last, capped) for `skywatch identities show`. */
  anomalies: Anomaly[];
}

/**
 * The last source location of a live profile, updated in place. An IPv4 address is kept as its
 * number (`ip4`, exact text round trip): the profile is long-lived, so holding each event's fresh
 * address string would promote one string per event out of the young generation.
 */
interface LastLocation {
  time: number;
  country: string;
  /** The IPv4 address as a number, or -1 when `ip` holds the text. */
  ip4: number;
  ip: string | undefined;
}

function locationOf(time: number, country: string, ip: string): LastLocation {
  const ip4 = dottedQuad(ip, true);
  return { time, country, ip4, ip: ip4 >= 0 ? undefined : ip };
}

function locationIp(l: LastLocation): string {
  return l.ip4 >= 0 ? formatV4(l.ip4) : (l.ip as string);
}

/** The counters of a profile, as tags of its `TaggedCounts` (see tagged-counts.ts). */
const COUNTERS = ['actions', 'regions', 'asns', 'countries', 'userAgents', 'accessKeys'] as const;
const T = { actions: 0, regions: 1, asns: 2, countries: 3, userAgents: 4, accessKeys: 5 } as const satisfies Record<(typeof COUNTERS)[number], number>;

/**
 * A profile as it is scored and learned in memory. The stored form (`IdentityProfile`, JSON in the
 * store) keeps counters as objects keyed by strings; here the strings are interned in the engine's
 * `Vocab` and all six counters are one `TaggedCounts`, with the hour-of-week counters in a typed
 * array. Counter objects cost a string internalisation per lookup, `Object.keys` per new key, and a
 * handful of scattered heap objects per event (see tagged-counts.ts). Converted only where profiles
 * cross the store (`fromStored` on load, `toStored` on persist).
 */
export interface LiveProfile extends ProfileHead {
  /** Where the counters' ids come from. */
  vocab: Vocab;
  counts: TaggedCounts;
  /** 168 counters, Monday 00h UTC first. */
  hours: Float64Array;
  volume: IdentityProfile['volume'];
  lastLocation: LastLocation | undefined;
  anomalies: Anomaly[];
  /** Changed since the last persist (a flag rather than a Set add per event). */
  dirty: boolean;
}

export interface AnomalyFactor {
  factor:
    | 'new-action'
    | 'sensitive-action'
    | 'new-access-key'
    | 'new-region'
    | 'new-asn'
    | 'new-country'
    | 'new-user-agent'
    | 'unusual-hour'
    | 'volume-spike'
    | 'impossible-travel';
  score: number;
  /** What differs from which baseline, in words. */
  explanation: string;
}

export interface Anomaly {
  time: number;
  eventId: string;
  action: string;
  sourceIp?: string;
  score: number;
  factors: AnomalyFactor[];
}

export interface BaselineOptions {
  geo: GeoLookup;
  /** How long an identity's first activity is learned before it can alert. */
  learningMs: number;
  /** Score at which an event is reported (0–100+). */
  threshold: number;
  sensitiveActions?: ReadonlySet<string>;
}

/** Actions whose first use by an identity is worth a look on its own (persistence, evasion, secrets). */
export const DEFAULT_SENSITIVE_ACTIONS: ReadonlySet<string> = new Set([
  'iam:CreateAccessKey',
  'iam:CreateUser',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AttachUserPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateRole',
  'iam:DeleteUser',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'guardduty:DeleteDetector',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'ec2:GetPasswordData',
  's3:PutBucketPolicy',
  's3:DeletePublicAccessBlock',
  's3:PutBucketAcl',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:SendCommand',
  'ssm:StartSession',
  'kms:ScheduleKeyDeletion',
  'organizations:LeaveOrganization',
  'sts:GetFederationToken',
]);

const CAP = { actions: 1000, regions: 50, asns: 200, countries: 100, userAgents: 100, accessKeys: 50, anomalies: 30 } as const;
const HOUR = 3_600_000;
/** Faster than this between two countries is impossible travel (airliner speed plus margin). */
const MAX_KMH = 1000;
const MIN_TRAVEL_KM = 1500;

/** `aws-cli/2.15.0 Python/3.11…` → `aws-cli`; `Mozilla/5.0 …` → `browser`. */
export function userAgentFamily(ua: string | undefined): string {
  if (!ua) return 'none';
  const s = ua.trim();
  if (/^Mozilla\//.test(s)) return 'browser';
  if (/\.amazonaws\.com$/.test(s) || s === 'AWS Internal') return 'aws-service';
  const m = /^\[?([A-Za-z][A-Za-z0-9._-]*?)(?:[/ ]|$)/.exec(s);
  return (m?.[1] ?? s.slice(0, 24)).toLowerCase();
}

/** Per-event label caches: a few distinct user agents and networks recur across millions of events. */
const uaFamilies = new Map<string, string>();
function uaFamilyCached(ua: string | undefined): string {
  if (!ua) return 'none';
  let f = uaFamilies.get(ua);
  if (f === undefined) {
    if (uaFamilies.size >= 10_000) uaFamilies.clear();
    f = userAgentFamily(ua);
    uaFamilies.set(ua, f);
  }
  return f;
}
/**
 * `AS64500 Org` per ASN number: a few thousand networks at most. Keyed by the number rather than by
 * the lookup's result object (a WeakMap entry per result is an ephemeron the GC must trace).
 */
const asnLabels = new Map<number, string>();
function asnLabel(geo: GeoInfo | undefined): string | undefined {
  if (geo?.asn === undefined) return undefined;
  let l = asnLabels.get(geo.asn);
  if (l === undefined) {
    if (asnLabels.size >= 100_000) asnLabels.clear();
    l = `AS${geo.asn}${geo.asOrg ? ` ${geo.asOrg}` : ''}`;
    asnLabels.set(geo.asn, l);
  }
  return l;
}

/** Hour of the week, Monday 00:00 UTC = 0. */
export function hourOfWeek(t: number): number {
  // Arithmetic rather than a Date per event: day 0 (1970-01-01) was a Thursday, Monday = 0.
  const hour = Math.floor(t / HOUR);
  const day = Math.floor(hour / 24);
  return ((((day + 3) % 7) + 7) % 7) * 24 + (((hour % 24) + 24) % 24);
}

/** Counters back to the stored object form, keys in the same (first-seen) order. Null-prototype, as they always were in memory. */
function countsToObject(p: LiveProfile, tag: number): Record<string, number> {
  const o = Object.create(null) as Record<string, number>;
  p.counts.forEach(tag, (id, n) => {
    o[p.vocab.name(id)] = n;
  });
  return o;
}

/** The identity fields a stored and a live profile share, in their stored order (copied, not shared). */
function profileHead(p: ProfileHead): ProfileHead {
  return {
    identity: p.identity,
    account: p.account,
    type: p.type,
    name: p.name,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    learningUntil: p.learningUntil,
    events: p.events,
  };
}

/** A shared vocabulary for profiles made outside a `Baselines` (tests, tools). */
const DEFAULT_VOCAB = new Vocab();

/** A profile read from the store, ready to score and learn. */
export function fromStored(p: IdentityProfile, vocab = DEFAULT_VOCAB): LiveProfile {
  const hours = new Float64Array(168);
  if (p.hours) for (let i = 0; i < 168; i++) hours[i] = p.hours[i] ?? 0;
  const counts = new TaggedCounts();
  for (const k of COUNTERS) {
    const m = p[k];
    // No cap here: a stored profile keeps all it has (the caps only stop new keys being learned).
    if (m) for (const name in m) counts.add(T[k], vocab.id(name), Number.POSITIVE_INFINITY, m[name] as number);
  }
  return {
    ...profileHead(p),
    vocab,
    counts,
    hours,
    volume: { ...p.volume },
    lastLocation: p.lastLocation && locationOf(p.lastLocation.time, p.lastLocation.country, p.lastLocation.ip),
    anomalies: p.anomalies ? [...p.anomalies] : [],
    dirty: false,
  };
}

/**
 * The stored form of a live profile: the same fields in the same order as profiles were always
 * written (`lastLocation` last: it used to be added to the object after its first located event),
 * so the JSON in the store and `skywatch identities show` are unchanged. A copy: the live profile
 * goes on learning while the store writes.
 */
export function toStored(p: LiveProfile): IdentityProfile {
  const out: IdentityProfile = {
    ...profileHead(p),
    actions: countsToObject(p, T.actions),
    regions: countsToObject(p, T.regions),
    asns: countsToObject(p, T.asns),
    countries: countsToObject(p, T.countries),
    userAgents: countsToObject(p, T.userAgents),
    accessKeys: countsToObject(p, T.accessKeys),
    hours: Array.from(p.hours),
    volume: { ...p.volume },
    anomalies: [...p.anomalies],
  };
  const l = p.lastLocation;
  if (l) out.lastLocation = { time: l.time, country: l.country, ip: locationIp(l) };
  return out;
}

export function newProfile(e: AuditEvent, learningMs: number, vocab = DEFAULT_VOCAB): LiveProfile {
  return {
    identity: e.actor.identity,
    account: e.actor.account ?? e.account,
    type: e.actor.type,
    name: e.actor.name,
    firstSeen: e.time,
    lastSeen: e.time,
    learningUntil: e.time + learningMs,
    events: 0,
    vocab,
    counts: new TaggedCounts(),
    hours: new Float64Array(168),
    volume: { hour: Math.floor(e.time / HOUR), count: 0, n: 0, mean: 0, m2: 0, max: 0 },
    lastLocation: undefined,
    anomalies: [],
    dirty: false,
  };
}

function severityFor(score: number): Severity {
  return score >= 90 ? 'high' : score >= 60 ? 'medium' : 'low';
}

/** The `n` most used keys of a counter (ties in first-seen order, as the stable sort keeps them). */
function fmtList(p: LiveProfile, tag: number, n = 5): string {
  const all: [number, number][] = [];
  p.counts.forEach(tag, (id, c) => all.push([id, c]));
  return (
    all
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([id]) => p.vocab.name(id))
      .join(', ') || 'none'
  );
}

/** Factor bits: which deviations an event shows, found before any explanation is written. */
const F = {
  newAction: 1,
  sensitiveAction: 2,
  newRegion: 4,
  newCountry: 8,
  newAsn: 16,
  newAccessKey: 32,
  newUserAgent: 64,
  unusualHour: 128,
  volumeSpike: 256,
  impossibleTravel: 512,
} as const;

/** Folds one completed hour's count into the running statistics (Welford). */
function fold(v: IdentityProfile['volume'], count: number): void {
  v.n++;
  const d = count - v.mean;
  v.mean += d / v.n;
  v.m2 += d * (count - v.mean);
  if (count > v.max) v.max = count;
}

/**
 * Scores one event against a profile (which must already hold the identity's history), then
 * learns from it. Returns the anomaly when the score reaches the threshold and learning is over.
 * Pure apart from mutating `p`, so it is testable without a store.
 *
 * Scoring is numbers only (a bit per factor and a running score); the explanations, which list
 * the baseline they differ from, are written only for an event that reaches the threshold. Most
 * events after learning show a small deviation (a first action, a new client) that does not, and
 * writing and sorting baseline lists for each of them was the bulk of the baselines' cost.
 */
export function observe(p: LiveProfile, e: AuditEvent, where: Where | undefined, opts: Omit<BaselineOptions, 'geo'>): Anomaly | undefined {
  const learning = e.time < p.learningUntil;
  const action = actionKey(e.service, e.action);
  const country = where?.country;
  const asn = where?.asn;
  const ua = uaFamilyCached(e.userAgent);
  const how = hourOfWeek(e.time);
  // Volume: roll the hour counter forward, folding completed hours into the statistics.
  const hour = Math.floor(e.time / HOUR);
  const v = p.volume;
  if (hour > v.hour) {
    fold(v, v.count);
    // Quiet hours in between count as zero (capped: a long gap is one week of zeros at most).
    const gap = Math.min(hour - v.hour - 1, 168);
    for (let i = 0; i < gap; i++) fold(v, 0);
    v.hour = hour;
    v.count = 0;
  }
  v.count++;

  let found = 0;
  let score = 0;
  let travelKm = 0;
  let travelHours = 0;
  const key = e.actor.accessKeyId;
  // Long-term keys only: temporary ASIA keys change every session.
  const longKey = key && !key.startsWith('ASIA') ? key : undefined;
  const c = p.counts;
  const V = p.vocab;
  const actionId = V.id(action);
  const regionId = V.id(e.region);
  const countryId = country ? V.id(country) : -1;
  const asnId = asn ? V.id(asn) : -1;
  const uaId = V.id(ua);
  const keyId = longKey ? V.id(longKey) : -1;
  if (!learning) {
    if (!c.has(T.actions, actionId)) {
      if ((opts.sensitiveActions ?? DEFAULT_SENSITIVE_ACTIONS).has(action)) {
        found |= F.sensitiveAction;
        score += 40;
      } else {
        found |= F.newAction;
        score += 15;
      }
    }
    if (!c.has(T.regions, regionId)) {
      found |= F.newRegion;
      score += 20;
    }
    if (countryId >= 0 && c.size(T.countries) > 0 && !c.has(T.countries, countryId)) {
      found |= F.newCountry;
      score += 45;
    }
    if (asnId >= 0 && c.size(T.asns) > 0 && !c.has(T.asns, asnId)) {
      found |= F.newAsn;
      score += 20;
    }
    // A long-term key the identity never used before.
    if (keyId >= 0 && c.size(T.accessKeys) > 0 && !c.has(T.accessKeys, keyId)) {
      found |= F.newAccessKey;
      score += 15;
    }
    if (!c.has(T.userAgents, uaId)) {
      found |= F.newUserAgent;
      score += 10;
    }
    if (p.events >= 200 && p.hours[how] === 0) {
      found |= F.unusualHour;
      score += 5;
    }
    const sd = v.n > 1 ? Math.sqrt(v.m2 / (v.n - 1)) : 0;
    const limit = Math.max(v.mean + 6 * sd, 3 * v.max, 30);
    if (v.count > limit && v.count - 1 <= limit) {
      found |= F.volumeSpike;
      score += 35;
    }
    const last = p.lastLocation;
    if (country && last && last.country !== country) {
      const km = countryDistanceKm(last.country, country);
      const hours = Math.max((e.time - last.time) / HOUR, 1 / 60);
      if (km !== undefined && km >= MIN_TRAVEL_KM && km / hours > MAX_KMH) {
        found |= F.impossibleTravel;
        score += 50;
        travelKm = km;
        travelHours = hours;
      }
    }
  }
  // Explained against the baseline as it was before this event (so before learning from it).
  const anomaly = !learning && score >= opts.threshold ? explain(p, e, found, { action, country, asn, key, ua, how, travelKm, travelHours, score }) : undefined;

  // Learn.
  p.events++;
  p.lastSeen = Math.max(p.lastSeen, e.time);
  c.add(T.actions, actionId, CAP.actions);
  c.add(T.regions, regionId, CAP.regions);
  if (countryId >= 0) c.add(T.countries, countryId, CAP.countries);
  if (asnId >= 0) c.add(T.asns, asnId, CAP.asns);
  c.add(T.userAgents, uaId, CAP.userAgents);
  if (keyId >= 0) c.add(T.accessKeys, keyId, CAP.accessKeys);
  p.hours[how] = (p.hours[how] as number) + 1;
  if (country && e.sourceIp) {
    // In place: a new object per event would live until the identity's next event (promoted garbage).
    const l = p.lastLocation;
    if (l) {
      l.time = e.time;
      l.country = country;
      const n = dottedQuad(e.sourceIp, true);
      l.ip4 = n;
      l.ip = n >= 0 ? undefined : e.sourceIp;
    } else p.lastLocation = locationOf(e.time, country, e.sourceIp);
  }

  if (!anomaly) return undefined;
  p.anomalies.push(anomaly);
  if (p.anomalies.length > CAP.anomalies) p.anomalies.shift();
  return anomaly;
}

/** The anomaly of an event that reached the threshold: each factor found, in words, against the baseline. */
function explain(
  p: LiveProfile,
  e: AuditEvent,
  found: number,
  x: {
    action: string;
    country?: string | undefined;
    asn?: string | undefined;
    key?: string | undefined;
    ua: string;
    how: number;
    travelKm: number;
    travelHours: number;
    score: number;
  },
): Anomaly {
  const factors: AnomalyFactor[] = [];
  const v = p.volume;
  if (found & F.sensitiveAction)
    factors.push({
      factor: 'sensitive-action',
      score: 40,
      explanation: `first ${x.action} by this identity (sensitive; ${p.counts.size(T.actions)} actions in its baseline)`,
    });
  if (found & F.newAction)
    factors.push({ factor: 'new-action', score: 15, explanation: `first ${x.action} by this identity (baseline: ${p.counts.size(T.actions)} actions)` });
  if (found & F.newRegion) factors.push({ factor: 'new-region', score: 20, explanation: `region ${e.region} never used (baseline: ${fmtList(p, T.regions)})` });
  if (found & F.newCountry)
    factors.push({ factor: 'new-country', score: 45, explanation: `source country ${x.country} never seen (baseline: ${fmtList(p, T.countries)})` });
  if (found & F.newAsn) factors.push({ factor: 'new-asn', score: 20, explanation: `network ${x.asn} never seen (baseline: ${fmtList(p, T.asns, 3)})` });
  if (found & F.newAccessKey)
    factors.push({
      factor: 'new-access-key',
      score: 15,
      explanation: `access key ${x.key} never used by this identity (baseline: ${fmtList(p, T.accessKeys, 3)})`,
    });
  if (found & F.newUserAgent)
    factors.push({ factor: 'new-user-agent', score: 10, explanation: `client ${x.ua} never used (baseline: ${fmtList(p, T.userAgents)})` });
  if (found & F.unusualHour) factors.push({ factor: 'unusual-hour', score: 5, explanation: `no activity ever seen at this hour of the week (${x.how})` });
  if (found & F.volumeSpike)
    factors.push({
      factor: 'volume-spike',
      score: 35,
      explanation: `${v.count} events this hour (baseline: mean ${v.mean.toFixed(1)}/h, max ${v.max}/h)`,
    });
  if (found & F.impossibleTravel) {
    const last = p.lastLocation as LastLocation;
    factors.push({
      factor: 'impossible-travel',
      score: 50,
      explanation: `${last.country} (${locationIp(last)}) → ${x.country} (${e.sourceIp}): ~${Math.round(x.travelKm)} km in ${(x.travelHours * 60).toFixed(0)} min`,
    });
  }
  return { time: e.time, eventId: e.id, action: x.action, score: x.score, factors, ...(e.sourceIp && { sourceIp: e.sourceIp }) };
}

/** What the baselines use of a geo lookup: the country and the network label (`AS64500 Org`). */
export interface Where {
  country?: string;
  asn?: string;
}

/** Loads and saves profiles; the store-backed one is in the activity ingest, tests use a Map. */
export interface ProfileStore {
  load(identity: string): Promise<IdentityProfile | undefined>;
  save(profiles: readonly IdentityProfile[]): Promise<void>;
}

/** Distinct (country, ASN) places kept; past it a place is still found, just not shared. */
const MAX_PLACES = 100_000;

/**
 * The running baseline engine: a cache of live profiles (loaded on first sight of an identity,
 * written back on `persist`), the geo places, and the detector-hit output the activity engine uses.
 */
export class Baselines {
  private readonly profiles = new Map<string, LiveProfile>();
  /** The strings the profiles' counters are keyed by; renewed when the profiles are dropped. */
  private vocab = new Vocab();
  /** Profiles changed since the last persist, in the order they first changed. */
  private dirty: LiveProfile[] = [];
  /**
   * One `Where` per distinct (country, ASN number), found from a lookup's result with two small-map
   * hits, so events share them and no key string is built per event. No address cache here: the
   * geo lookup memoises per address itself (openGeo), and a second cache of the events' fresh
   * address strings kept thousands of them alive past young-generation collections.
   */
  private readonly places = new Map<string, Map<number, Where | null>>();
  private placeCount = 0;

  constructor(
    private readonly opts: BaselineOptions,
    private readonly store?: ProfileStore,
  ) {}

  /** True when the identity's profile is in memory (no await needed). */
  has(identity: string): boolean {
    return this.profiles.has(identity);
  }

  async load(identity: string): Promise<void> {
    if (this.profiles.has(identity)) return;
    const p = await this.store?.load(identity);
    if (p) this.profiles.set(identity, fromStored(p, this.vocab));
  }

  private geo(ip: string | undefined): Where | undefined {
    if (!ip) return undefined;
    const g = this.opts.geo.lookup(ip);
    if (!g) return undefined;
    const country = g.country ?? '';
    const asn = g.asn ?? -1;
    let byAsn = this.places.get(country);
    if (!byAsn) {
      byAsn = new Map();
      if (this.placeCount < MAX_PLACES) this.places.set(country, byAsn);
    }
    let w = byAsn.get(asn);
    if (w === undefined) {
      const label = asnLabel(g);
      w = !country && !label ? null : { ...(country && { country }), ...(label && { asn: label }) };
      if (this.placeCount < MAX_PLACES) {
        byAsn.set(asn, w);
        this.placeCount++;
      }
    }
    return w ?? undefined;
  }

  /** Scores and learns one event; call `load` first for identities not yet `has`. */
  push(e: AuditEvent): DetectorHit<AuditEvent> | undefined {
    // Service principals act for customers; their "behaviour" is AWS's, not a person's.
    if (e.actor.type === 'aws-service' || e.actor.identity === 'unknown') return undefined;
    let p = this.profiles.get(e.actor.identity);
    if (!p) {
      p = newProfile(e, this.opts.learningMs, this.vocab);
      this.profiles.set(e.actor.identity, p);
    }
    if (!p.dirty) {
      p.dirty = true;
      this.dirty.push(p);
    }
    const a = observe(p, e, this.geo(e.sourceIp), this.opts);
    if (!a) return undefined;
    return {
      detectorId: BEHAVIOUR_RULE_ID,
      // One finding per identity per day: a burst of odd events updates it rather than multiplying it.
      key: `${p.identity}|${new Date(e.time).toISOString().slice(0, 10)}`,
      title: `Unusual activity by ${p.name}: ${a.factors.map((f) => f.factor).join(', ')}`,
      severity: severityFor(a.score),
      start: e.time,
      end: e.time,
      evidence: [e],
      details: { identity: p.identity, score: a.score, factors: a.factors, baseline: { since: new Date(p.firstSeen).toISOString(), events: p.events } },
    };
  }

  get size(): number {
    return this.profiles.size;
  }

  /** The identity's profile in its stored form (a copy). */
  profile(identity: string): IdentityProfile | undefined {
    const p = this.profiles.get(identity);
    return p && toStored(p);
  }

  /** Writes changed profiles back; evicts cold ones when the cache is large. */
  async persist(): Promise<number> {
    const list = this.dirty;
    this.dirty = [];
    for (const p of list) p.dirty = false;
    // Converted only when there is a store to write to: without one a persist is just the reset.
    if (this.store && list.length) await this.store.save(list.map(toStored));
    if (this.store && this.profiles.size > 50_000) {
      this.profiles.clear();
      this.vocab = new Vocab();
    }
    return list.length;
  }
}
