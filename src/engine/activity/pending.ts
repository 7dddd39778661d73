import type { AuditActor, AuditEvent } from '../../core/events.js';
import type { NewFinding } from '../../core/finding.js';
import { stableKey } from '../../core/ids.js';
import { type Severity, maxSeverity } from '../../core/severity.js';
import type { DetectorHit } from '../../core/units/detector.js';
import { BEHAVIOUR_RULE_ID } from './baselines.js';
import { type EvidenceFields, MAX_EVIDENCE, evidenceEvent, findingResource, hitGroup, hitToFinding, identityType, mergeFinding } from './engine.js';

/**
 * An evidence event as held until the flush: the fields `evidenceEvent` shows, by reference to the
 * event's own strings — no date string or `service:action` string per hit, and not the event itself
 * (whose raw record would then survive into the old generation with it).
 */
type Evidence = EvidenceFields;

function compact(e: AuditEvent): Evidence {
  return {
    id: e.id,
    time: e.time,
    service: e.service,
    action: e.action,
    actor: e.actor,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    region: e.region,
    errorCode: e.errorCode,
  };
}

/**
 * One finding being gathered between flushes, as counters and compact evidence; the finding object
 * is built once, at the flush. Hits of one group share rule, key, resource and account; the other
 * fields come from the latest hit merged while the evidence had room, as `mergeFinding` does.
 */
class Gathered {
  /**
   * From the latest merged hit: title, details, and what the finding takes from its last event —
   * by reference to parts, not the event (whose raw record would be kept to the flush with it).
   * Set by `takeLatest`, which the constructor calls first.
   */
  title!: string;
  details!: Record<string, unknown> | undefined;
  resource!: { type?: string; id: string } | undefined;
  actor!: AuditActor;
  account!: string;
  region!: string;
  detectorId: string;
  key: string;
  severity: Severity;
  start: number;
  /** `window.end`: the end of the latest hit merged (not the maximum), as `mergeFinding` keeps it. */
  windowEnd: number;
  /** `seenAt`: the latest end of the hits merged. */
  seen: number;
  /** The latest end of the hits that came after the evidence was full; settles at the flush. */
  lateEnd = Number.NEGATIVE_INFINITY;
  events: Evidence[];

  constructor(h: DetectorHit<AuditEvent>) {
    this.takeLatest(h);
    this.detectorId = h.detectorId;
    this.key = h.key;
    this.severity = h.severity;
    this.start = h.start;
    this.windowEnd = h.end;
    this.seen = h.end;
    const ev = h.evidence;
    const from = Math.max(0, ev.length - MAX_EVIDENCE);
    this.events = [];
    for (let i = from; i < ev.length; i++) this.events.push(compact(ev[i] as AuditEvent));
  }

  add(h: DetectorHit<AuditEvent>): void {
    if (h.severity !== this.severity) this.severity = maxSeverity(this.severity, h.severity);
    // Full evidence: later hits only move the time window and raise the severity.
    if (this.events.length >= MAX_EVIDENCE) {
      if (h.end > this.lateEnd) this.lateEnd = h.end;
      return;
    }
    const a = this.events;
    const n = a.length;
    const ev = h.evidence;
    for (let i = Math.max(0, ev.length - MAX_EVIDENCE); i < ev.length; i++) {
      const e = ev[i] as AuditEvent;
      let dup = false;
      for (let j = 0; j < n; j++)
        if ((a[j] as Evidence).id === e.id) {
          dup = true;
          break;
        }
      if (!dup) a.push(compact(e));
    }
    if (a.length > MAX_EVIDENCE) a.splice(0, a.length - MAX_EVIDENCE);
    this.takeLatest(h);
    this.windowEnd = h.end;
    if (h.end > this.seen) this.seen = h.end;
  }

  /** What a finding takes from the latest hit merged: its title and details, and parts of its last event. */
  private takeLatest(h: DetectorHit<AuditEvent>): void {
    this.title = h.title;
    this.details = h.details;
    const last = h.evidence[h.evidence.length - 1] as AuditEvent;
    this.resource = findingResource(last);
    this.actor = last.actor;
    this.account = last.account;
    this.region = last.region;
  }

  finding(attack: string[], dedupKey: string | undefined): NewFinding {
    const res = this.resource;
    const actor = this.actor;
    const resourceId = res?.id ?? actor.identity;
    let windowEnd = this.windowEnd;
    let seen = this.seen;
    if (this.lateEnd > seen) windowEnd = seen = this.lateEnd;
    return {
      source: 'activity',
      ruleId: this.detectorId,
      title: this.title,
      severity: this.severity,
      resourceId,
      resourceType: res ? (res.type ?? null) : identityType(actor),
      account: this.account || null,
      region: this.region || null,
      evidence: {
        events: this.events.map(evidenceEvent),
        actor: { identity: actor.identity, name: actor.name, type: actor.type },
        window: { start: new Date(this.start).toISOString(), end: new Date(windowEnd).toISOString() },
        ...(this.details && { details: this.details }),
      },
      attack,
      compliance: [],
      seenAt: new Date(seen).toISOString(),
      dedupKey: dedupKey ?? stableKey('activity', this.detectorId, this.key, resourceId, this.account),
    };
  }
}

/**
 * The findings of the hits since the last flush, one per group (`hitGroup`), in order of first hit.
 * Most hits join a finding already gathered (a rule firing on most events); they cost a compact
 * evidence record while the evidence has room and a few comparisons after. Behaviour anomalies,
 * rare and merged factor by factor, keep the finding-object path (`mergeFinding`).
 */
export class PendingFindings {
  private readonly groups = new Map<string, Gathered | NewFinding>();

  constructor(private readonly attackOf: (ruleId: string) => string[]) {}

  get size(): number {
    return this.groups.size;
  }

  add(h: DetectorHit<AuditEvent>): void {
    const group = hitGroup(h);
    const prev = this.groups.get(group);
    if (h.detectorId === BEHAVIOUR_RULE_ID) {
      const old = prev as NewFinding | undefined;
      const f = hitToFinding(h, this.attackOf(h.detectorId), old?.dedupKey as string | undefined);
      this.groups.set(group, old ? mergeFinding(old, f) : f);
    } else if (prev) (prev as Gathered).add(h);
    else this.groups.set(group, new Gathered(h));
  }

  /** The findings gathered, built now; the set starts empty again. */
  drain(): NewFinding[] {
    const out: NewFinding[] = [];
    for (const g of this.groups.values()) out.push(g instanceof Gathered ? g.finding(this.attackOf(g.detectorId), undefined) : g);
    this.groups.clear();
    return out;
  }
}
