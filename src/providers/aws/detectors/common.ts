import type { AuditEvent } from '../../../core/events.js';
import { memo } from '../../../core/memo.js';
import { dottedQuad, dottedQuadText } from '../../../core/net.js';
import type { Severity } from '../../../core/severity.js';
import { type DetectorHit, type DetectorState, NO_HITS, type StatefulLogic } from '../../../core/units/detector.js';
import { normaliseCloudTrail } from '../logs/aws-cloudtrail.source.js';

/** Helpers shared by the CloudTrail detectors: field access, identity tests, fixture builders. */
export type Ev = AuditEvent;

/** The shared empty result of a push (core/units/detector.ts), for the detectors that import their helpers from here. */
export { NO_HITS };

export const succeeded = (e: Ev) => !e.errorCode;
export const denied = (e: Ev) => !!e.errorCode && /AccessDenied|UnauthorizedOperation|Unauthorized|Forbidden|AuthorizationError/i.test(e.errorCode);

export function param(e: Ev, path: string): unknown {
  let node: unknown = e.requestParameters;
  for (const k of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

export const paramStr = (e: Ev, path: string): string | undefined => {
  const v = param(e, path);
  return typeof v === 'string' ? v : undefined;
};

/** A policy document as CloudTrail gives it: a JSON string (URL-encoded in some events) or an object. */
export function policyDoc(v: unknown): { Statement?: unknown } | undefined {
  if (v && typeof v === 'object') return v as { Statement?: unknown };
  if (typeof v !== 'string') return undefined;
  for (const text of [v, safeDecode(v)]) {
    try {
      const d = JSON.parse(text) as unknown;
      if (d && typeof d === 'object') return d as { Statement?: unknown };
    } catch {}
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function statements(doc: { Statement?: unknown } | undefined): Record<string, unknown>[] {
  if (!doc) return [];
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Account ids (or `*`) a policy statement's Principal names, from AWS ARNs and bare ids. */
export function principalAccounts(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!principal || typeof principal !== 'object') return [];
  const out: string[] = [];
  for (const v of asList((principal as Record<string, unknown>).AWS)) {
    const s = String(v);
    if (s === '*') out.push('*');
    else if (/^\d{12}$/.test(s)) out.push(s);
    else {
      const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(s);
      if (m) out.push(m[1] as string);
    }
  }
  return out;
}

/** Calls made by AWS on a customer's behalf (CloudFormation, service-linked roles): not a person. */
export function byAwsService(e: Ev): boolean {
  return e.actor.type === 'aws-service' || !!e.actor.invokedBy || e.actor.client === 'service';
}

/** Infrastructure-as-code clients: changes through them are the expected deployment path. */
export function viaIac(e: Ev): boolean {
  const ua = (e.userAgent ?? '').toLowerCase();
  return (
    e.actor.client === 'terraform' ||
    /cloudformation|terraform|pulumi|aws-cdk|aws-sam|serverless|codepipeline|codebuild/.test(ua) ||
    (e.actor.invokedBy ?? '').startsWith('cloudformation')
  );
}

/** The resource ARN a finding should point at: the first touched resource of that type, else the first. */
export function firstResource(e: Ev, type?: string): string | undefined {
  const r = type ? e.resources.find((x) => x.type === type) : e.resources[0];
  return r?.id;
}

/**
 * What stateful detectors keep of an event they hold as evidence: everything a finding shows
 * (id, time, action, actor, source, resources), without the raw record and request/response
 * bodies. Held events outlive many young-generation GCs, so the full parsed record would cost both
 * memory and GC time; the slim copy is also what a checkpoint saves (JSON-able).
 */
export function slim(e: Ev): Ev {
  if (e.raw === SLIM_RAW) return e;
  const out: Ev = {
    id: e.id,
    time: e.time,
    provider: e.provider,
    account: e.account,
    region: e.region,
    service: e.service,
    action: e.action,
    eventSource: e.eventSource,
    readOnly: e.readOnly,
    actor: e.actor,
    requestParameters: null,
    responseElements: null,
    resources: e.resources,
    raw: SLIM_RAW,
  };
  if (e.eventType !== undefined) out.eventType = e.eventType;
  if (e.errorCode !== undefined) out.errorCode = e.errorCode;
  if (e.errorMessage !== undefined) out.errorMessage = e.errorMessage;
  if (e.sourceIp !== undefined) out.sourceIp = e.sourceIp;
  if (e.userAgent !== undefined) out.userAgent = e.userAgent;
  return out;
}
const SLIM_RAW: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * An address as a table key: an IPv4 address written the one way its number prints becomes that
 * number as an int32 (a small integer V8 keeps inside the table or object itself: no fresh string
 * hashed per event, none kept alive and promoted), anything else stays its text. Number and text
 * keys never meet, and a number prints back to exactly the text it came from (`addressText`).
 */
export function addressKey(ip: string): number | string {
  const n = dottedQuad(ip, true);
  return n >= 0 ? n | 0 : ip;
}

export function addressText(k: number | string): string {
  return typeof k === 'string' ? k : dottedQuadText(k >>> 0);
}

/**
 * An event held for a long time as a small object (`hold`), and the slim event it stands for
 * (`unhold`). For detectors that hold one event per key across thousands of events (an instance
 * session waiting for a person to show up on its address): a slim copy keeps the event's actor
 * object and its strings alive, which the young generation copies and then promotes — most of
 * such a detector's cost. What a finding shows of the event (id, time, action, actor, source,
 * region, error, the resource it points at) survives.
 *
 * The caller (actor fields, account, user agent) is one `HeldCaller` shared by the held events of
 * one actor ARN; a held event keeps its own short strings (region, action, address) by reference.
 */
export interface Held {
  id: string;
  time: number;
  region: string;
  service: string;
  action: string;
  readOnly: boolean;
  eventType: string | undefined;
  errorCode: string | undefined;
  /** `addressKey` of the source address: an IPv4 address as a number, not a string of its own. */
  sourceIp: number | string | undefined;
  caller: HeldCaller;
  /** The resource a finding would point at (the first ARN, else the first). */
  resource: { type?: string; id: string } | undefined;
}

/** What held events of one caller share; every field is compared before one is reused. */
export interface HeldCaller {
  account: string;
  userAgent: string | undefined;
  actorType: Ev['actor']['type'];
  identity: string;
  name: string;
  client: Ev['actor']['client'];
  arn: string | undefined;
  accessKeyId: string | undefined;
  sessionIssuer: string | undefined;
  sessionName: string | undefined;
}

/**
 * The last `HeldCaller` per actor ARN (else identity). A cached caller is reused when all its
 * fields equal the event's: a few string compares, where pooling each string (as `hold` did)
 * hashed every fresh string of the record — a microsecond or more per held event.
 */
const callers = new Map<string, HeldCaller>();

function sameCaller(c: HeldCaller, e: Ev): boolean {
  const a = e.actor;
  return (
    c.arn === a.arn &&
    c.identity === a.identity &&
    c.accessKeyId === a.accessKeyId &&
    c.sessionIssuer === a.sessionIssuer &&
    c.sessionName === a.sessionName &&
    c.name === a.name &&
    c.actorType === a.type &&
    c.client === a.client &&
    c.account === e.account &&
    c.userAgent === e.userAgent
  );
}

function heldCaller(e: Ev): HeldCaller {
  const a = e.actor;
  const k = a.arn ?? a.identity;
  const c = callers.get(k);
  if (c !== undefined && sameCaller(c, e)) return c;
  const made: HeldCaller = {
    account: e.account,
    userAgent: e.userAgent,
    actorType: a.type,
    identity: a.identity,
    name: a.name,
    client: a.client,
    arn: a.arn,
    accessKeyId: a.accessKeyId,
    sessionIssuer: a.sessionIssuer,
    sessionName: a.sessionName,
  };
  if (c === undefined && callers.size >= 20_000) callers.clear();
  callers.set(k, made);
  return made;
}

/**
 * One copy of each action and region name for held events to point at, and of each resource
 * (by ARN, when its type is the same): the event's own fresh strings and resource object would
 * otherwise be kept, and promoted, once per held event. The lookups hash little: the engine's
 * dispatch has already hashed the action.
 */
const sharedName = memo(10_000, (s) => s);
const sharedResources = new Map<string, { type?: string; id: string }>();

function sharedResource(r: { type?: string; id: string } | undefined): { type?: string; id: string } | undefined {
  if (r === undefined) return r;
  const c = sharedResources.get(r.id);
  if (c !== undefined && c.type === r.type) return c;
  if (sharedResources.size >= 20_000) sharedResources.clear();
  sharedResources.set(r.id, r);
  return r;
}

/** The last event held and its `Held`: detectors that hold the same event (enumeration, instance sessions) share one. */
let heldOf: Ev | undefined;
let heldLast: Held | undefined;

/** The `Held` of `e` when `e` is the event held last (a detector held it this event), else undefined. */
export function heldNow(e: Ev): Held | undefined {
  return e === heldOf ? heldLast : undefined;
}

export function hold(e: Ev): Held {
  if (e === heldOf) return heldLast as Held;
  heldOf = e;
  heldLast = {
    id: e.id,
    time: e.time,
    region: sharedName(e.region),
    service: e.service,
    action: sharedName(e.action),
    readOnly: e.readOnly,
    eventType: e.eventType,
    errorCode: e.errorCode,
    sourceIp: e.sourceIp === undefined ? undefined : addressKey(e.sourceIp),
    caller: heldCaller(e),
    resource: sharedResource(findResource(e.resources)),
  };
  return heldLast;
}

/** The first ARN among the resources, else the first (what a finding points at). */
function findResource(list: Ev['resources']): { type?: string; id: string } | undefined {
  for (let i = 0; i < list.length; i++) if ((list[i] as { id: string }).id.startsWith('arn:')) return list[i];
  return list[0];
}

export function unhold(h: Held): Ev {
  const c = h.caller;
  const actor: Ev['actor'] = { type: c.actorType, identity: c.identity, name: c.name, client: c.client };
  if (c.arn !== undefined) actor.arn = c.arn;
  if (c.accessKeyId !== undefined) actor.accessKeyId = c.accessKeyId;
  if (c.sessionIssuer !== undefined) actor.sessionIssuer = c.sessionIssuer;
  if (c.sessionName !== undefined) actor.sessionName = c.sessionName;
  const out: Ev = {
    id: h.id,
    time: h.time,
    provider: 'aws',
    account: c.account,
    region: h.region,
    service: h.service,
    action: h.action,
    eventSource: `${h.service}.amazonaws.com`,
    readOnly: h.readOnly,
    actor,
    requestParameters: null,
    responseElements: null,
    resources: h.resource ? [h.resource] : [],
    raw: SLIM_RAW,
  };
  if (h.eventType !== undefined) out.eventType = h.eventType;
  if (h.errorCode !== undefined) out.errorCode = h.errorCode;
  if (h.sourceIp !== undefined) out.sourceIp = addressText(h.sourceIp);
  if (c.userAgent !== undefined) out.userAgent = c.userAgent;
  return out;
}

/** Events from a checkpoint snapshot (JSON) back into held evidence: they were slim when saved. */
export function revive(e: Ev): Ev {
  return { ...e, raw: SLIM_RAW };
}

/** `-Infinity` does not survive JSON: snapshots write null. */
export const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);
export const orNegInf = (n: number | null | undefined): number => (typeof n === 'number' ? n : Number.NEGATIVE_INFINITY);

/**
 * Distinct values per key within a sliding window: "N distinct secrets by one identity in 10
 * minutes". Unlike WindowLogic, one event may carry several values (GetParameters names a list).
 * Memory is capped: at most `maxKeys` keys (LRU) and `maxValues` values per key.
 */
export function distinctBurst(opts: {
  id: string;
  title: string;
  severity: Severity;
  filter(e: Ev): boolean;
  key(e: Ev): string;
  values(e: Ev): string[];
  seconds: number;
  threshold: number;
  maxKeys?: number;
}): StatefulLogic<Ev> {
  const maxKeys = opts.maxKeys ?? 50_000;
  return {
    kind: 'stateful',
    create(): DetectorState<Ev> {
      // Evidence held flat (`hold`): it waits out the window, and most windows never fire.
      type S = { seen: Map<string, number>; evidence: Held[]; quietUntil: number; first: number };
      let state = new Map<string, S>();
      const span = opts.seconds * 1000;
      let count = 0;
      return {
        push(e) {
          if (!opts.filter(e)) return NO_HITS;
          // Periodically forget keys whose whole window has passed (bounded by activity, not history).
          if (++count % 10_000 === 0)
            for (const [k, s] of state) if ((s.evidence[s.evidence.length - 1]?.time ?? 0) < e.time - span && s.quietUntil < e.time) state.delete(k);
          const key = opts.key(e);
          let s = state.get(key);
          if (s) state.delete(key);
          else {
            s = { seen: new Map(), evidence: [], quietUntil: Number.NEGATIVE_INFINITY, first: e.time };
          }
          state.set(key, s);
          trimLru(state, maxKeys);
          if (e.time < s.quietUntil) return NO_HITS;
          for (const [v, t] of s.seen) if (t <= e.time - span) s.seen.delete(v);
          // Usually nothing has expired (or nothing is held): no new list then.
          if (anyAtOrBefore(s.evidence, e.time - span)) s.evidence = s.evidence.filter((x) => x.time > e.time - span);
          for (const v of opts.values(e)) {
            if (s.seen.size >= 1000) break;
            s.seen.set(v, e.time);
          }
          if (s.evidence.length < 20) s.evidence.push(hold(e));
          if (s.seen.size < opts.threshold) return NO_HITS;
          const hit: DetectorHit<Ev> = {
            detectorId: opts.id,
            key,
            title: opts.title,
            severity: opts.severity,
            start: s.evidence[0]?.time ?? e.time,
            end: e.time,
            evidence: s.evidence.map(unhold),
            details: { distinct: s.seen.size, values: [...s.seen.keys()].slice(0, 20), windowSeconds: opts.seconds, threshold: opts.threshold },
          };
          s.seen.clear();
          s.evidence = [];
          s.quietUntil = e.time + span;
          return [hit];
        },
        flush: () => [],
        snapshot: () =>
          [...state].map(([k, s]) => ({ k, seen: [...s.seen], evidence: s.evidence.map(unhold), quietUntil: finiteOrNull(s.quietUntil), first: s.first })),
        restore(saved) {
          state = new Map(
            (saved as { k: string; seen: [string, number][]; evidence: Ev[]; quietUntil: number | null; first: number }[]).map((x) => [
              x.k,
              { seen: new Map(x.seen), evidence: x.evidence.map((e) => hold(e)), quietUntil: orNegInf(x.quietUntil), first: x.first },
            ]),
          );
        },
      };
    },
  };
}

/** Whether any held event is at or before `t` (events may arrive out of time order). */
function anyAtOrBefore(list: readonly Held[], t: number): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as Held).time <= t) return true;
  return false;
}

let fixtureSeq = 0;

/**
 * Builds a normalised event from a partial CloudTrail record, for fixtures: the detector then sees
 * exactly what the log source would produce. Defaults: an IAM user `alice` in 222222222222 using
 * the CLI from a documentation address.
 */
export function ct(rec: Record<string, unknown>): Ev {
  fixtureSeq++;
  // A copy, so the objects normalise allocated die young. Fixtures live as long as the registry
  // (built at import): if normalise's own objects were the ones kept, V8 would see its allocation
  // sites' objects survive and pretenure them, so every ingested event would then be allocated in
  // the old generation, keeping each parsed record alive through young collections until the next
  // full GC (measured: read + normalise at half speed, ~4 MB promoted per scavenge).
  return structuredClone(
    normaliseCloudTrail({
      eventVersion: '1.08',
      eventID: `fixture-${String(fixtureSeq).padStart(6, '0')}`,
      eventTime: '2026-11-18T10:00:00Z',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.10',
      userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5',
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: '222222222222',
      requestParameters: null,
      responseElements: null,
      userIdentity: user('alice'),
      ...rec,
    }),
  );
}

export function user(name: string, account = '222222222222'): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    arn: `arn:aws:iam::${account}:user/${name}`,
    accountId: account,
    accessKeyId: `AKIA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(16, '0')
      .slice(0, 16)}`,
    userName: name,
  };
}

export function role(roleName: string, session: string, account = '222222222222'): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `AROA${roleName.toUpperCase().replace(/[^A-Z0-9]/g, '')}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
    accountId: account,
    accessKeyId: 'ASIAFIXTURE000000001',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${roleName}`, accountId: account, userName: roleName },
      attributes: { creationDate: '2026-11-18T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

export const ROOT = { type: 'Root', principalId: '222222222222', arn: 'arn:aws:iam::222222222222:root', accountId: '222222222222' };

/** `n` copies of an event, `gapSeconds` apart (bursts). */
export function series(n: number, gapSeconds: number, make: (i: number, time: string) => Ev, start = '2026-11-18T10:00:00Z'): Ev[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => make(i, new Date(t0 + i * gapSeconds * 1000).toISOString().replace('.000', '')));
}

/**
 * Caps a Map used as an LRU (insertion order = recency). Evicts the oldest quarter in one pass when
 * over the cap: deleting one head entry per insert would make V8 walk the accumulated deleted
 * slots on every `keys().next()`, which turns a bounded cache into a quadratic one.
 */
export function trimLru<K, V>(map: Map<K, V>, cap: number): void {
  if (map.size <= cap) return;
  let drop = map.size - Math.floor(cap * 0.75);
  for (const k of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(k);
  }
}
