import { type AuditEvent, actionKey } from '../../core/events.js';
import { dottedQuad } from '../../core/net.js';
import { formatV4 } from '../intel/ip.js';
import type { GeoInfo, GeoLookup } from '../../core/intel.js';
import type { Severity } from '../../core/severity.js';
import type { DetectorHit } from '../../core/units/detector.js';
import { countryDistanceKm } from './countries.js';
import { IdentityIndex } from './identity-index.js';
import { CountsArena, OWN, TaggedCounts, Vocab } from './tagged-counts.js';

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

/** The counters of a profile, as tags of its `TaggedCounts` (see tagged-counts.ts). */
const COUNTERS = ['actions', 'regions', 'asns', 'countries', 'userAgents', 'accessKeys'] as const;
const T = { actions: 0, regions: 1, asns: 2, countries: 3, userAgents: 4, accessKeys: 5 } as const satisfies Record<(typeof COUNTERS)[number], number>;
/**
 * Slots of a new profile's counters: room for 32 keys (a few regions, a network, a client, a key
 * and a couple of dozen actions) before its table grows and moves. A 16-key start moved nearly
 * every profile once, leaving ~2 KB behind each.
 */
const PROFILE_SLOTS = 64;

/**
 * A live profile's numbers, in its counters' table after their header (`TaggedCounts` `extra`,
 * offsets from the table's base in its arena):
 * the head's numbers, the volume statistics, the last location and the hour-of-week counters.
 * The baselines touch a random identity's profile on every event; kept in one table with the
 * counters, an event reads and writes a few lines of one array rather than a handful of scattered
 * objects (head fields, volume, last location, hours, counters: each a cache miss), and nothing
 * per event is stored as a fresh heap number or string in a long-lived object.
 */
const FIRST_SEEN = OWN;
const LAST_SEEN = OWN + 1;
const LEARNING_UNTIL = OWN + 2;
const EVENTS = OWN + 3;
/** Volume: IdentityProfile['volume'] field for field. */
const V_HOUR = OWN + 4;
const V_COUNT = OWN + 5;
const V_N = OWN + 6;
const V_MEAN = OWN + 7;
const V_M2 = OWN + 8;
const V_MAX = OWN + 9;
/** Last location: time, IPv4 address as a number (-1: the text is in `ipText`), country's vocab id (-1: none yet). */
const L_TIME = OWN + 10;
const L_IP4 = OWN + 11;
const L_COUNTRY = OWN + 12;
/** 1 while the profile has changed since the last persist (a number here rather than a flag on the profile object, which an event does not otherwise touch). */
const DIRTY = OWN + 13;
/** 168 counters, Monday 00h UTC first. */
const HOURS = OWN + 16;
const NUMBERS = 16 + 168;

/**
 * A profile as it is scored and learned in memory. The stored form (`IdentityProfile`, JSON in the
 * store) keeps counters as objects keyed by strings; here the strings are interned in the engine's
 * `Vocab` and all six counters are the profile's own `TaggedCounts`, with every number of the
 * profile in the same table (see FIRST_SEEN…HOURS), in the arena of its `Baselines` (its own when
 * made alone). Counter objects cost a string internalisation
 * per lookup, `Object.keys` per new key, and a handful of scattered heap objects per event (see
 * tagged-counts.ts). Converted only where profiles cross the store (`fromStored` on load,
 * `toStored` on persist).
 */
export class LiveProfile extends TaggedCounts implements ProfileHead {
  readonly identity: string;
  readonly account: string;
  readonly type: string;
  readonly name: string;
  /** Where the counters' ids come from. */
  readonly vocab: Vocab;
  anomalies: Anomaly[] = [];
  /** The last location's address when it is not IPv4 text (then L_IP4 is -1). */
  ipText: string | undefined = undefined;

  constructor(head: ProfileHead, vocab: Vocab, arena = new CountsArena(NUMBERS, 1, PROFILE_SLOTS)) {
    super(NUMBERS, arena);
    this.identity = head.identity;
    this.account = head.account;
    this.type = head.type;
    this.name = head.name;
    this.vocab = vocab;
    const t = this.t;
    const b = this.base;
    t[b + FIRST_SEEN] = head.firstSeen;
    t[b + LAST_SEEN] = head.lastSeen;
    t[b + LEARNING_UNTIL] = head.learningUntil;
    t[b + EVENTS] = head.events;
    t[b + L_COUNTRY] = -1;
  }

  get firstSeen(): number {
    return this.t[this.base + FIRST_SEEN] as number;
  }
  get lastSeen(): number {
    return this.t[this.base + LAST_SEEN] as number;
  }
  get learningUntil(): number {
    return this.t[this.base + LEARNING_UNTIL] as number;
  }
  get events(): number {
    return this.t[this.base + EVENTS] as number;
  }
}

/**
 * Sets a profile's last location (time, country id, address) in its table at `b`. The profile
 * object is written only when the address is not IPv4 text or the last one was not: an event
 * otherwise touches only the table.
 */
function locate(t: Float64Array, b: number, p: LiveProfile, time: number, countryId: number, ip: string): void {
  const n = dottedQuad(ip, true);
  const was = t[b + L_IP4] as number;
  t[b + L_TIME] = time;
  t[b + L_COUNTRY] = countryId;
  t[b + L_IP4] = n;
  if (n < 0) p.ipText = ip;
  else if (was < 0) p.ipText = undefined;
}

function locationIp(p: LiveProfile): string {
  const n = p.t[p.base + L_IP4] as number;
  return n >= 0 ? formatV4(n) : (p.ipText as string);
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
  p.forEach(tag, (id, n) => {
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
export function fromStored(p: IdentityProfile, vocab = DEFAULT_VOCAB, arena?: CountsArena): LiveProfile {
  const q = new LiveProfile(p, vocab, arena);
  const t = q.t;
  const b = q.base;
  if (p.hours) for (let i = 0; i < 168; i++) t[b + HOURS + i] = p.hours[i] ?? 0;
  const v = p.volume;
  t[b + V_HOUR] = v.hour;
  t[b + V_COUNT] = v.count;
  t[b + V_N] = v.n;
  t[b + V_MEAN] = v.mean;
  t[b + V_M2] = v.m2;
  t[b + V_MAX] = v.max;
  if (p.lastLocation) locate(t, b, q, p.lastLocation.time, vocab.id(p.lastLocation.country), p.lastLocation.ip);
  for (const k of COUNTERS) {
    const m = p[k];
    // No cap here: a stored profile keeps all it has (the caps only stop new keys being learned).
    if (m) for (const name in m) q.add(T[k], vocab.id(name), Number.POSITIVE_INFINITY, m[name] as number);
  }
  if (p.anomalies) q.anomalies = [...p.anomalies];
  return q;
}

/**
 * The stored form of a live profile: the same fields in the same order as profiles were always
 * written (`lastLocation` last: it used to be added to the object after its first located event),
 * so the JSON in the store and `skywatch identities show` are unchanged. A copy: the live profile
 * goes on learning while the store writes.
 */
export function toStored(p: LiveProfile): IdentityProfile {
  const t = p.t;
  const b = p.base;
  const out: IdentityProfile = {
    ...profileHead(p),
    actions: countsToObject(p, T.actions),
    regions: countsToObject(p, T.regions),
    asns: countsToObject(p, T.asns),
    countries: countsToObject(p, T.countries),
    userAgents: countsToObject(p, T.userAgents),
    accessKeys: countsToObject(p, T.accessKeys),
    hours: Array.from(t.subarray(b + HOURS, b + HOURS + 168)),
    volume: {
      hour: t[b + V_HOUR] as number,
      count: t[b + V_COUNT] as number,
      n: t[b + V_N] as number,
      mean: t[b + V_MEAN] as number,
      m2: t[b + V_M2] as number,
      max: t[b + V_MAX] as number,
    },
    anomalies: [...p.anomalies],
  };
  const country = t[b + L_COUNTRY] as number;
  if (country >= 0) out.lastLocation = { time: t[b + L_TIME] as number, country: p.vocab.name(country), ip: locationIp(p) };
  return out;
}

export function newProfile(e: AuditEvent, learningMs: number, vocab = DEFAULT_VOCAB, arena?: CountsArena): LiveProfile {
  const p = new LiveProfile(
    {
      identity: e.actor.identity,
      account: e.actor.account ?? e.account,
      type: e.actor.type,
      name: e.actor.name,
      firstSeen: e.time,
      lastSeen: e.time,
      learningUntil: e.time + learningMs,
      events: 0,
    },
    vocab,
    arena,
  );
  p.t[p.base + V_HOUR] = Math.floor(e.time / HOUR);
  return p;
}

function severityFor(score: number): Severity {
  return score >= 90 ? 'high' : score >= 60 ? 'medium' : 'low';
}

/** The `n` most used keys of a counter (ties in first-seen order, as the stable sort keeps them). */
function fmtList(p: LiveProfile, tag: number, n = 5): string {
  const all: [number, number][] = [];
  p.forEach(tag, (id, c) => all.push([id, c]));
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

/** Folds one completed hour's count into the running statistics (Welford), in a profile's table. */
function fold(t: Float64Array, b: number, count: number): void {
  const n = (t[b + V_N] as number) + 1;
  t[b + V_N] = n;
  const mean = t[b + V_MEAN] as number;
  const d = count - mean;
  const m = mean + d / n;
  t[b + V_MEAN] = m;
  t[b + V_M2] = (t[b + V_M2] as number) + d * (count - m);
  if (count > (t[b + V_MAX] as number)) t[b + V_MAX] = count;
}

/**
 * Scores one event against a profile (which must already hold the identity's history), then
 * learns from it. Returns the anomaly when the score reaches the threshold and learning is over.
 * Pure apart from mutating `p`, so it is testable without a store.
 */
export function observe(p: LiveProfile, e: AuditEvent, where: Where | undefined, opts: Omit<BaselineOptions, 'geo'>): Anomaly | undefined {
  const V = p.vocab;
  const country = where?.country;
  const asn = where?.asn;
  return judge(
    p.arena,
    p.owner,
    p.base,
    V,
    p,
    e,
    V.id(actionKey(e.service, e.action)),
    country ? V.id(country) : -1,
    asn ? V.id(asn) : -1,
    V.id(uaFamilyCached(e.userAgent)),
    opts,
  );
}

/**
 * `observe` with the event's dimensions already as vocabulary ids (-1: the event has none), as
 * the `Baselines` find them without a string lookup per dimension (see Dims), and the profile as
 * its owner number in an arena and the vocabulary it counts in (`p.vocab`): scoring and learning
 * read and write the profile's table only, the profile object `p` is read only to write an anomaly
 * (or a non-IPv4 location).
 *
 * Scoring is numbers only (a bit per factor and a running score); the explanations, which list
 * the baseline they differ from, are written only for an event that reaches the threshold. Most
 * events after learning show a small deviation (a first action, a new client) that does not, and
 * writing and sorting baseline lists for each of them was the bulk of the baselines' cost.
 */
function judge(
  a: CountsArena,
  owner: number,
  b: number,
  V: Vocab,
  p: LiveProfile,
  e: AuditEvent,
  actionId: number,
  countryId: number,
  asnId: number,
  uaId: number,
  opts: Omit<BaselineOptions, 'geo'>,
): Anomaly | undefined {
  const t = a.t;
  const learning = e.time < (t[b + LEARNING_UNTIL] as number);
  const how = hourOfWeek(e.time);
  // Volume: roll the hour counter forward, folding completed hours into the statistics.
  const hour = Math.floor(e.time / HOUR);
  if (hour > (t[b + V_HOUR] as number)) {
    fold(t, b, t[b + V_COUNT] as number);
    // Quiet hours in between count as zero (capped: a long gap is one week of zeros at most).
    const gap = Math.min(hour - (t[b + V_HOUR] as number) - 1, 168);
    for (let i = 0; i < gap; i++) fold(t, b, 0);
    t[b + V_HOUR] = hour;
    t[b + V_COUNT] = 0;
  }
  const count = (t[b + V_COUNT] as number) + 1;
  t[b + V_COUNT] = count;

  let found = 0;
  let score = 0;
  let travelKm = 0;
  let travelHours = 0;
  const key = e.actor.accessKeyId;
  // Long-term keys only: temporary ASIA keys change every session.
  const keyId = key && !key.startsWith('ASIA') ? V.id(key) : -1;
  const regionId = V.id(e.region);
  if (!learning) {
    if (!a.has(b, T.actions, actionId)) {
      if ((opts.sensitiveActions ?? DEFAULT_SENSITIVE_ACTIONS).has(V.name(actionId))) {
        found |= F.sensitiveAction;
        score += 40;
      } else {
        found |= F.newAction;
        score += 15;
      }
    }
    if (!a.has(b, T.regions, regionId)) {
      found |= F.newRegion;
      score += 20;
    }
    if (countryId >= 0 && a.size(b, T.countries) > 0 && !a.has(b, T.countries, countryId)) {
      found |= F.newCountry;
      score += 45;
    }
    if (asnId >= 0 && a.size(b, T.asns) > 0 && !a.has(b, T.asns, asnId)) {
      found |= F.newAsn;
      score += 20;
    }
    // A long-term key the identity never used before.
    if (keyId >= 0 && a.size(b, T.accessKeys) > 0 && !a.has(b, T.accessKeys, keyId)) {
      found |= F.newAccessKey;
      score += 15;
    }
    if (!a.has(b, T.userAgents, uaId)) {
      found |= F.newUserAgent;
      score += 10;
    }
    if ((t[b + EVENTS] as number) >= 200 && t[b + HOURS + how] === 0) {
      found |= F.unusualHour;
      score += 5;
    }
    const n = t[b + V_N] as number;
    const sd = n > 1 ? Math.sqrt((t[b + V_M2] as number) / (n - 1)) : 0;
    const limit = Math.max((t[b + V_MEAN] as number) + 6 * sd, 3 * (t[b + V_MAX] as number), 30);
    if (count > limit && count - 1 <= limit) {
      found |= F.volumeSpike;
      score += 35;
    }
    const lastCountry = t[b + L_COUNTRY] as number;
    if (countryId >= 0 && lastCountry >= 0 && lastCountry !== countryId) {
      const km = countryDistanceKm(V.name(lastCountry), V.name(countryId));
      const hours = Math.max((e.time - (t[b + L_TIME] as number)) / HOUR, 1 / 60);
      if (km !== undefined && km >= MIN_TRAVEL_KM && km / hours > MAX_KMH) {
        found |= F.impossibleTravel;
        score += 50;
        travelKm = km;
        travelHours = hours;
      }
    }
  }
  // Explained against the baseline as it was before this event (so before learning from it).
  const anomaly =
    !learning && score >= opts.threshold ? explain(p, e, found, { actionId, countryId, asnId, key, uaId, how, travelKm, travelHours, score }) : undefined;

  // Learn. The table may move (a bigger region) on a new key, so the numbers come first.
  t[b + EVENTS] = (t[b + EVENTS] as number) + 1;
  t[b + LAST_SEEN] = Math.max(t[b + LAST_SEEN] as number, e.time);
  t[b + HOURS + how] = (t[b + HOURS + how] as number) + 1;
  if (countryId >= 0 && e.sourceIp) locate(t, b, p, e.time, countryId, e.sourceIp);
  let at = a.add(owner, b, T.actions, actionId, CAP.actions);
  at = a.add(owner, at, T.regions, regionId, CAP.regions);
  if (countryId >= 0) at = a.add(owner, at, T.countries, countryId, CAP.countries);
  if (asnId >= 0) at = a.add(owner, at, T.asns, asnId, CAP.asns);
  at = a.add(owner, at, T.userAgents, uaId, CAP.userAgents);
  if (keyId >= 0) a.add(owner, at, T.accessKeys, keyId, CAP.accessKeys);

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
    actionId: number;
    countryId: number;
    asnId: number;
    key?: string | undefined;
    uaId: number;
    how: number;
    travelKm: number;
    travelHours: number;
    score: number;
  },
): Anomaly {
  const factors: AnomalyFactor[] = [];
  const t = p.t;
  const b = p.base;
  const V = p.vocab;
  const action = V.name(x.actionId);
  if (found & F.sensitiveAction)
    factors.push({
      factor: 'sensitive-action',
      score: 40,
      explanation: `first ${action} by this identity (sensitive; ${p.size(T.actions)} actions in its baseline)`,
    });
  if (found & F.newAction)
    factors.push({ factor: 'new-action', score: 15, explanation: `first ${action} by this identity (baseline: ${p.size(T.actions)} actions)` });
  if (found & F.newRegion) factors.push({ factor: 'new-region', score: 20, explanation: `region ${e.region} never used (baseline: ${fmtList(p, T.regions)})` });
  if (found & F.newCountry)
    factors.push({ factor: 'new-country', score: 45, explanation: `source country ${V.name(x.countryId)} never seen (baseline: ${fmtList(p, T.countries)})` });
  if (found & F.newAsn)
    factors.push({ factor: 'new-asn', score: 20, explanation: `network ${V.name(x.asnId)} never seen (baseline: ${fmtList(p, T.asns, 3)})` });
  if (found & F.newAccessKey)
    factors.push({
      factor: 'new-access-key',
      score: 15,
      explanation: `access key ${x.key} never used by this identity (baseline: ${fmtList(p, T.accessKeys, 3)})`,
    });
  if (found & F.newUserAgent)
    factors.push({ factor: 'new-user-agent', score: 10, explanation: `client ${V.name(x.uaId)} never used (baseline: ${fmtList(p, T.userAgents)})` });
  if (found & F.unusualHour) factors.push({ factor: 'unusual-hour', score: 5, explanation: `no activity ever seen at this hour of the week (${x.how})` });
  if (found & F.volumeSpike)
    factors.push({
      factor: 'volume-spike',
      score: 35,
      explanation: `${t[b + V_COUNT]} events this hour (baseline: mean ${(t[b + V_MEAN] as number).toFixed(1)}/h, max ${t[b + V_MAX]}/h)`,
    });
  if (found & F.impossibleTravel)
    factors.push({
      factor: 'impossible-travel',
      score: 50,
      explanation: `${V.name(t[b + L_COUNTRY] as number)} (${locationIp(p)}) → ${V.name(x.countryId)} (${e.sourceIp}): ~${Math.round(x.travelKm)} km in ${(x.travelHours * 60).toFixed(0)} min`,
    });
  return { time: e.time, eventId: e.id, action, score: x.score, factors, ...(e.sourceIp && { sourceIp: e.sourceIp }) };
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
/** Distinct user agents and (service, action) pairs whose ids are kept; past it the table starts over. */
const MAX_AGENTS = 10_000;
const MAX_ACTIONS = 20_000;

/** A place with its country and network label as vocabulary ids (-1: none). */
interface Place extends Where {
  countryId: number;
  asnId: number;
}

/**
 * The vocabulary of a `Baselines` and the event dimensions it has already named, so an event's
 * action, client and place become ids with one small-map hit each rather than a label string
 * (`service:action`, a user-agent family, `AS… Org`) plus its vocabulary lookup. Renewed as one
 * with the vocabulary.
 */
class Dims {
  readonly vocab = new Vocab();
  /** User agent → its family's id. */
  private readonly agents = new Map<string, number>();
  /** Service → action → the id of `service:action`. */
  private readonly actions = new Map<string, Map<string, number>>();
  private actionCount = 0;
  /**
   * One `Place` per distinct (country, ASN number), found from a lookup's result with two small-map
   * hits, so events share them and no key string is built per event. No address cache here: the
   * geo lookup memoises per address itself (openGeo), and a second cache of the events' fresh
   * address strings kept thousands of them alive past young-generation collections.
   */
  private readonly places = new Map<string, Map<number, Place | null>>();
  private placeCount = 0;

  agent(ua: string | undefined): number {
    if (!ua) return this.vocab.id('none');
    let id = this.agents.get(ua);
    if (id === undefined) {
      if (this.agents.size >= MAX_AGENTS) this.agents.clear();
      id = this.vocab.id(uaFamilyCached(ua));
      this.agents.set(ua, id);
    }
    return id;
  }

  action(service: string, action: string): number {
    let byAction = this.actions.get(service);
    let id = byAction?.get(action);
    if (id !== undefined) return id;
    if (this.actionCount >= MAX_ACTIONS) {
      this.actions.clear();
      this.actionCount = 0;
      byAction = undefined;
    }
    if (!byAction) {
      byAction = new Map();
      this.actions.set(service, byAction);
    }
    id = this.vocab.id(actionKey(service, action));
    byAction.set(action, id);
    this.actionCount++;
    return id;
  }

  place(g: GeoInfo): Place | undefined {
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
      w =
        !country && !label
          ? null
          : {
              ...(country && { country }),
              ...(label && { asn: label }),
              countryId: country ? this.vocab.id(country) : -1,
              asnId: label ? this.vocab.id(label) : -1,
            };
      if (this.placeCount < MAX_PLACES) {
        byAsn.set(asn, w);
        this.placeCount++;
      }
    }
    return w ?? undefined;
  }
}

/**
 * The running baseline engine: a cache of live profiles (loaded on first sight of an identity,
 * written back on `persist`), the geo places, and the detector-hit output the activity engine uses.
 */
export class Baselines {
  /**
   * Identity → its profile's owner number in `arena` and where its table is: an event goes from
   * the identity to its profile's numbers in two steps, without reading the profile object (see
   * judge and identity-index.ts).
   */
  private owners = new IdentityIndex(1024);
  /** Owner number → profile (identity, name, anomalies: read to report and to store). */
  private profiles: LiveProfile[] = [];
  /** Every live profile's table; renewed with the dimensions when the profiles are dropped. */
  private arena = new CountsArena(NUMBERS, 1024, PROFILE_SLOTS);
  /** The strings the profiles' counters are keyed by, and the dimensions named; renewed when the profiles are dropped. */
  private dims = new Dims();
  /** Owners of the profiles changed since the last persist, in the order they first changed. */
  private dirty: number[] = [];

  constructor(
    private readonly opts: BaselineOptions,
    private readonly store?: ProfileStore,
  ) {}

  /** True when the identity's profile is in memory (no await needed). */
  has(identity: string): boolean {
    return this.owners.slot(identity) >= 0;
  }

  async load(identity: string): Promise<void> {
    if (this.has(identity)) return;
    const p = await this.store?.load(identity);
    if (p) this.adopt(fromStored(p, this.dims.vocab, this.arena));
  }

  /** Makes a profile the live one of its identity (replacing one made while it loaded, as a Map set would); its slot in `owners`. */
  private adopt(p: LiveProfile): number {
    this.profiles[p.owner] = p;
    const j = this.owners.slot(p.identity);
    if (j < 0) return this.owners.add(p.identity, p.owner, p.base);
    this.owners.set(j, p.owner, p.base);
    return j;
  }

  private geo(ip: string | undefined): Place | undefined {
    if (!ip) return undefined;
    const g = this.opts.geo.lookup(ip);
    return g ? this.dims.place(g) : undefined;
  }

  /** Scores and learns one event; call `load` first for identities not yet `has`. */
  push(e: AuditEvent): DetectorHit<AuditEvent> | undefined {
    // Service principals act for customers; their "behaviour" is AWS's, not a person's.
    if (e.actor.type === 'aws-service' || e.actor.identity === 'unknown') return undefined;
    const d = this.dims;
    const arena = this.arena;
    const ids = this.owners;
    let j = ids.slot(e.actor.identity);
    if (j < 0) j = this.adopt(newProfile(e, this.opts.learningMs, d.vocab, arena));
    const owner = ids.first(j);
    const b = ids.second(j);
    if (arena.t[b + DIRTY] === 0) {
      arena.t[b + DIRTY] = 1;
      this.dirty.push(owner);
    }
    const w = this.geo(e.sourceIp);
    // The profile object is passed, not read: judge reads it only for an anomaly.
    const p = this.profiles[owner] as LiveProfile;
    const moves = arena.moves;
    const a = judge(arena, owner, b, d.vocab, p, e, d.action(e.service, e.action), w ? w.countryId : -1, w ? w.asnId : -1, d.agent(e.userAgent), this.opts);
    if (arena.moves !== moves) ids.set(j, owner, arena.bases[owner] as number);
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
    return this.owners.size;
  }

  /** The identity's profile in its stored form (a copy). */
  profile(identity: string): IdentityProfile | undefined {
    const j = this.owners.slot(identity);
    return j < 0 ? undefined : toStored(this.profiles[this.owners.first(j)] as LiveProfile);
  }

  /** Writes changed profiles back; evicts cold ones when the cache is large. */
  async persist(): Promise<number> {
    const list = this.dirty;
    this.dirty = [];
    const arena = this.arena;
    for (const owner of list) arena.t[(arena.bases[owner] as number) + DIRTY] = 0;
    // Converted only when there is a store to write to: without one a persist is just the reset.
    if (this.store && list.length) await this.store.save(list.map((owner) => toStored(this.profiles[owner] as LiveProfile)));
    if (this.store && this.owners.size > 50_000) {
      this.owners = new IdentityIndex(1024);
      this.profiles = [];
      this.arena = new CountsArena(NUMBERS, 1024, PROFILE_SLOTS);
      this.dims = new Dims();
    }
    return list.length;
  }
}
