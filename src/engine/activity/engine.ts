import { type AuditActor, type AuditEvent, actionKey } from '../../core/events.js';
import type { NewFinding } from '../../core/finding.js';
import { type GeoLookup, type IntelLookup, NO_GEO, NO_INTEL } from '../../core/intel.js';
import { stableKey } from '../../core/ids.js';
import { isoTime } from '../../core/iso-time.js';
import { maxSeverity } from '../../core/severity.js';
import { DEFAULT_LIMITS, type DetectorHit, NO_HITS, type DetectorState, type DetectorUnit, declaresAction, startDetector } from '../../core/units/detector.js';
import { callerOnThreatIntel } from '../../providers/aws/detectors/aws-cloudtrail-caller-on-threat-intel.detector.js';
import { instanceCredentialsExfiltration } from '../../providers/aws/detectors/aws-cloudtrail-instance-credentials-exfiltration.detector.js';
import { type Held, slim } from '../../providers/aws/detectors/common.js';
import { BEHAVIOUR_RULE_ID, type Baselines } from './baselines.js';
import { type SigmaRunner, sigmaRuleId } from './sigma/engine.js';

/** Lookups some detectors need; injected so tests use fakes and the integrator wires the real ones. */
export interface ActivityDeps {
  intel: IntelLookup;
  geo: GeoLookup;
}

export const NO_DEPS: ActivityDeps = { intel: NO_INTEL, geo: NO_GEO };

/**
 * Detector units whose logic needs lookups are factories; the registry holds them bound to
 * fixture lookups (so the contract test runs their fixtures). Here they are rebound to the real ones.
 */
const FACTORIES: Record<string, (deps: ActivityDeps) => DetectorUnit<AuditEvent>> = {
  'aws-cloudtrail-caller-on-threat-intel': (d) => callerOnThreatIntel(d),
  'aws-cloudtrail-instance-credentials-exfiltration': (d) => instanceCredentialsExfiltration(d),
};

/** The CloudTrail detectors of the registry, with lookups bound, minus disabled ones. */
export function bindDetectors(units: readonly DetectorUnit<any>[], deps: ActivityDeps, disabled: ReadonlySet<string> = new Set()): DetectorUnit<AuditEvent>[] {
  return units
    .filter((u) => u.source === 'aws-cloudtrail' && !disabled.has(u.id))
    .map((u) => (FACTORIES[u.id] ? (FACTORIES[u.id] as (d: ActivityDeps) => DetectorUnit<AuditEvent>)(deps) : (u as DetectorUnit<AuditEvent>)));
}

/** Distinct (service, action) pairs whose candidate lists are kept; past it the cache starts over. */
const MAX_PAIRS = 20_000;

/**
 * Detectors by the actions they declare: per (service, action) the list of detectors that can act
 * on it — the declared candidates and every detector without a declaration, in registry order (so
 * hits come out in the same order as running them all) — built on first sight of the pair and
 * reused. Most events are reads no declared detector cares about, so they meet only the general
 * detectors.
 */
export class ActionDispatch<T> {
  private readonly pairs = new Map<string, Map<string, readonly T[]>>();
  private size = 0;

  constructor(private readonly entries: readonly { actions?: readonly string[] | undefined; state: T }[]) {}

  candidates(service: string, action: string): readonly T[] {
    let byAction = this.pairs.get(service);
    const hit = byAction?.get(action);
    if (hit) return hit;
    if (this.size >= MAX_PAIRS) {
      this.pairs.clear();
      this.size = 0;
      byAction = undefined;
    }
    const list = this.entries.filter((x) => !x.actions || declaresAction(x.actions, service, action)).map((x) => x.state);
    if (!byAction) {
      byAction = new Map();
      this.pairs.set(service, byAction);
    }
    byAction.set(action, list);
    this.size++;
    return list;
  }
}

/** `hits` added to `out` (a new list when there is none: a detector's own list is never grown). */
function append(out: DetectorHit<AuditEvent>[] | undefined, hits: readonly DetectorHit<AuditEvent>[]): DetectorHit<AuditEvent>[] {
  const o = out ?? [];
  for (let i = 0; i < hits.length; i++) o.push(hits[i] as DetectorHit<AuditEvent>);
  return o;
}

export interface EngineSnapshot {
  version: 1;
  detectors: Record<string, unknown>;
  sigma?: unknown;
}

interface RuleMeta {
  attack: readonly string[];
}

/**
 * Everything that judges an event: the built-in detectors, the Sigma rules and the baselines.
 * Synchronous per event (the caller loads baselines for new identities first), so the hot loop
 * has no awaits.
 */
export class ActivityEngine {
  private readonly states: { unit: DetectorUnit<AuditEvent>; state: DetectorState<AuditEvent> }[];
  private readonly meta = new Map<string, RuleMeta>();
  private readonly dispatch: ActionDispatch<DetectorState<AuditEvent>>;

  constructor(
    detectors: readonly DetectorUnit<AuditEvent>[],
    readonly sigma?: SigmaRunner,
    readonly baselines?: Baselines,
  ) {
    // Windows keep slim evidence (no raw record): see `slim`.
    const limits = { ...DEFAULT_LIMITS, retain: slim as (e: never) => unknown };
    this.states = detectors.map((unit) => ({ unit, state: startDetector(unit, limits) }));
    this.dispatch = new ActionDispatch(this.states.map((s) => ({ actions: s.unit.actions, state: s.state })));
    for (const d of detectors) this.meta.set(d.id, { attack: d.attack });
    if (sigma) {
      for (const r of sigma.set.rules) this.meta.set(sigmaRuleId(r.id), { attack: r.attack });
      for (const c of sigma.set.correlations) this.meta.set(sigmaRuleId(c.id), { attack: c.attack });
    }
    this.meta.set(BEHAVIOUR_RULE_ID, { attack: ['T1078'] });
  }

  /** The hits of one event; most events have none, and then get one shared empty (frozen) list. */
  push(e: AuditEvent): DetectorHit<AuditEvent>[] {
    let out: DetectorHit<AuditEvent>[] | undefined;
    const list = this.dispatch.candidates(e.service, e.action);
    for (let i = 0; i < list.length; i++) {
      const h = (list[i] as DetectorState<AuditEvent>).push(e);
      if (h.length) out = append(out, h);
    }
    if (this.sigma) {
      const h = this.sigma.push(e);
      // The runner's non-empty lists are its own new arrays: taken as they are when first.
      if (h.length) out = out === undefined ? h : append(out, h);
    }
    if (this.baselines) {
      const h = this.baselines.push(e);
      if (h) (out ??= []).push(h);
    }
    return out ?? NO_HITS;
  }

  flush(): DetectorHit<AuditEvent>[] {
    return this.states.flatMap((s) => s.state.flush());
  }

  /**
   * The detectors' and correlations' open windows, for a checkpoint: a run resumed from it
   * continues bursts that straddle the checkpoint instead of starting them over. Baselines are
   * not here: they persist in the store at the same flush.
   */
  snapshot(): EngineSnapshot {
    const detectors: Record<string, unknown> = {};
    for (const s of this.states) if (s.state.snapshot) detectors[s.unit.id] = s.state.snapshot();
    return { version: 1, detectors, ...(this.sigma && { sigma: this.sigma.snapshot() }) };
  }

  /** Restores a snapshot; state of detectors or rules that no longer exist is ignored. */
  restore(snap: EngineSnapshot): void {
    if (snap.version !== 1) return;
    for (const s of this.states) {
      const saved = snap.detectors[s.unit.id];
      if (saved !== undefined && s.state.restore) s.state.restore(saved);
    }
    if (this.sigma && snap.sigma !== undefined) this.sigma.restore(snap.sigma);
  }

  attackOf(ruleId: string): string[] {
    return [...(this.meta.get(ruleId)?.attack ?? [])];
  }
}

/** The event fields a finding's evidence shows (pending findings hold just these until the flush). */
export type EvidenceFields = Pick<AuditEvent, 'id' | 'time' | 'service' | 'action' | 'actor' | 'sourceIp' | 'userAgent' | 'region' | 'errorCode'>;

/** Evidence as findings show it: enough to find the events again, not the whole record. */
export interface ShownEvent {
  eventId: string;
  time: string;
  action: string;
  actor: string;
  identity: string;
  accessKeyId?: string;
  sourceIp?: string;
  userAgent?: string;
  region: string;
  errorCode?: string;
}

/**
 * Evidence as findings show it: enough to find the events again, not the whole record. Keys in
 * this order, optional ones only when set (non-empty). Assigned one by one rather than spread
 * from temporary objects; the date string is shared by events of the same millisecond (CloudTrail
 * times are whole seconds) and `service:action` is the shared `actionKey`.
 */
export function evidenceEvent(e: EvidenceFields): ShownEvent {
  return shown(e, e.actor, e.userAgent, e.region);
}

/**
 * `evidenceEvent(e)` from the event's `Held` (`hold(e)`): the same texts, but the caller's and the
 * region's shared copies instead of the event's own fresh strings, so pending evidence (kept until
 * the flush, and promoted) keeps no actor, key or user-agent string per event.
 */
export function evidenceEventHeld(e: EvidenceFields, h: Held): ShownEvent {
  return shown(e, h.caller, h.caller.userAgent, h.region);
}

/** The shown form from the event's own fields plus who called, with which agent, where (fresh or shared copies). */
function shown(
  e: EvidenceFields,
  who: { arn?: string | undefined; identity: string; accessKeyId?: string | undefined },
  userAgent: string | undefined,
  region: string,
): ShownEvent {
  // `region` goes in after the optional fields, where the key order of findings has it.
  const out = {
    eventId: e.id,
    time: isoTime(e.time),
    action: actionKey(e.service, e.action),
    actor: who.arn ?? who.identity,
    identity: who.identity,
  } as ShownEvent;
  if (who.accessKeyId) out.accessKeyId = who.accessKeyId;
  if (e.sourceIp) out.sourceIp = e.sourceIp;
  if (userAgent) out.userAgent = userAgent;
  out.region = region;
  if (e.errorCode) out.errorCode = e.errorCode;
  return out;
}

export const MAX_EVIDENCE = 20;

/**
 * A hit → a finding. Resource: the ARN the last evidence event touched, else the identity, so
 * context and alerts can attach it to the inventory. Dedup key: rule + hit key + resource +
 * account, so a re-read of the same events (resume, overlapping runs) updates, never duplicates.
 */
export function findingResource(e: AuditEvent): { type?: string; id: string } | undefined {
  return e.resources.find((r) => r.id.startsWith('arn:')) ?? e.resources[0];
}

/** A cheap identity of the finding a hit belongs to (the dedup key before hashing). */
export function hitGroup(hit: DetectorHit<AuditEvent>): string {
  const last = hit.evidence[hit.evidence.length - 1] as AuditEvent;
  return `${hit.detectorId}\u0001${hit.key}\u0001${findingResource(last)?.id ?? last.actor.identity}\u0001${last.account}`;
}

/**
 * `dedupKey`, when given, is the key of a finding of the same group (`hitGroup`) already built: the
 * same parts hash to the same key, and hashing per hit was a tenth of an ingest whose rules fire often.
 */
export function hitToFinding(hit: DetectorHit<AuditEvent>, attack: string[], dedupKey?: string): NewFinding {
  const last = hit.evidence[hit.evidence.length - 1] as AuditEvent;
  const res = findingResource(last);
  const resourceId = res?.id ?? last.actor.identity;
  const resourceType = res ? (res.type ?? null) : identityType(last.actor.type);
  return {
    source: 'activity',
    ruleId: hit.detectorId,
    title: hit.title,
    severity: hit.severity,
    resourceId,
    resourceType,
    account: last.account || null,
    region: last.region || null,
    evidence: {
      events: hit.evidence.slice(-MAX_EVIDENCE).map(evidenceEvent),
      actor: { identity: last.actor.identity, name: last.actor.name, type: last.actor.type },
      window: { start: isoTime(hit.start), end: isoTime(hit.end) },
      ...(hit.details && { details: hit.details }),
    },
    attack,
    compliance: [],
    seenAt: isoTime(hit.end),
    dedupKey: dedupKey ?? stableKey('activity', hit.detectorId, hit.key, resourceId, last.account),
  };
}

/** The resource type an actor of this type is stored as, when it is one (findings without a resource point at the actor). */
export function identityType(type: AuditActor['type']): string | null {
  if (type === 'iam-user') return 'aws.iam.user';
  if (type === 'assumed-role') return 'aws.iam.role';
  return null;
}

/** Merges findings with the same dedup key inside one flush: evidence accumulates, severity rises. */
export function mergeFinding(into: NewFinding, f: NewFinding): NewFinding {
  const a = (into.evidence.events as unknown[]) ?? [];
  const b = (f.evidence.events as unknown[]) ?? [];
  const seen = new Set(a.map((x) => (x as { eventId: string }).eventId));
  const events = [...a, ...b.filter((x) => !seen.has((x as { eventId: string }).eventId))].slice(-MAX_EVIDENCE);
  const merged: NewFinding = {
    ...f,
    severity: maxSeverity(into.severity, f.severity),
    evidence: { ...f.evidence, events, window: { start: (into.evidence.window as { start: string }).start, end: (f.evidence.window as { end: string }).end } },
    seenAt: f.seenAt > into.seenAt ? f.seenAt : into.seenAt,
  };
  // Behaviour anomalies of one identity and day: keep every factor that was seen, and the top score.
  const da = into.evidence.details as { factors?: { factor: string; explanation: string }[]; score?: number } | undefined;
  const db = f.evidence.details as { factors?: { factor: string; explanation: string }[]; score?: number } | undefined;
  if (da?.factors && db?.factors) {
    const factors = [...da.factors, ...db.factors.filter((x) => !da.factors?.some((y) => y.explanation === x.explanation))].slice(0, 20);
    merged.evidence = { ...merged.evidence, details: { ...db, factors, score: Math.max(da.score ?? 0, db.score ?? 0) } };
    if (f.ruleId === BEHAVIOUR_RULE_ID) merged.title = f.title.replace(/: .*$/, `: ${[...new Set(factors.map((x) => x.factor))].join(', ')}`);
  }
  return merged;
}
