import type { AuditActor, AuditEvent } from '../../core/events.js';
import type { NewFinding } from '../../core/finding.js';
import { stableKey } from '../../core/ids.js';
import { isoTime } from '../../core/iso-time.js';
import { type Severity, maxSeverity } from '../../core/severity.js';
import type { DetectorHit } from '../../core/units/detector.js';
import { BEHAVIOUR_RULE_ID } from './baselines.js';
import { heldNow } from '../../providers/aws/detectors/common.js';
import {
  MAX_EVIDENCE,
  type ShownEvent,
  evidenceEvent,
  evidenceEventHeld,
  findingResource,
  hitGroup,
  hitToFinding,
  identityType,
  mergeFinding,
} from './engine.js';

/**
 * One finding being gathered between flushes: counters, and the evidence as findings show it
 * (built once per event, shared by the hits of that event; it keeps the strings it shows, not the
 * event or its actor object). Pooling those strings (one hash each per event) cost more CPU than
 * the promotion it saved, measured on the bench. The finding object is built once, at
 * the flush. Hits of one group share rule, key, resource and account; the other fields come from
 * the latest hit merged while the evidence had room, as `mergeFinding` does.
 */
class Gathered {
  /**
   * From the latest merged hit: title, details, and what the finding takes from its last event —
   * by value, not the event or its actor (whose record and strings would be kept to the flush).
   * Set by `takeLatest`, which the constructor calls first.
   */
  title!: string;
  details!: Record<string, unknown> | undefined;
  resource!: { type?: string; id: string } | undefined;
  actorIdentity!: string;
  actorName!: string;
  actorType!: AuditActor['type'];
  account!: string;
  region!: string;
  detectorId: string;
  key: string;
  /** The group's resource id and account (with rule and key, what `hitGroup` joins). */
  readonly groupResource: string;
  readonly groupAccount: string;
  severity: Severity;
  // The times start as numbers (set in the constructor): a field first defined `undefined` holds
  // any value, so every time stored into it was a new heap number; a number field is updated in place.
  start = 0;
  /** `window.end`: the end of the latest hit merged (not the maximum), as `mergeFinding` keeps it. */
  windowEnd = 0;
  /** `seenAt`: the latest end of the hits merged. */
  seen = 0;
  /** The latest end of the hits that came after the evidence was full; settles at the flush. */
  lateEnd = Number.NEGATIVE_INFINITY;
  events: ShownEvent[];
  /**
   * The event ids of `events`, in step: the duplicate check scans these plain strings, where reading
   * `eventId` off the shown events went through up to 16 object shapes (their optional keys) — a
   * megamorphic load per evidence event compared, most of what a hit cost here.
   */
  ids: string[];

  constructor(
    h: DetectorHit<AuditEvent>,
    resource: { type?: string; id: string } | undefined,
    resourceId: string,
    account: string,
    shown: (e: AuditEvent) => ShownEvent,
  ) {
    this.takeLatest(h, resource);
    this.detectorId = h.detectorId;
    this.key = h.key;
    this.groupResource = resourceId;
    this.groupAccount = account;
    this.severity = h.severity;
    this.start = h.start;
    this.windowEnd = h.end;
    this.seen = h.end;
    const ev = h.evidence;
    if (ev.length === 1) {
      // Most groups of a flush get one hit of one event: lists of that length, where an empty
      // list's first push reserves 17 slots — kept, and promoted, to the flush.
      const e = ev[0] as AuditEvent;
      this.events = [shown(e)];
      this.ids = [e.id];
      return;
    }
    this.events = [];
    this.ids = [];
    for (let i = Math.max(0, ev.length - MAX_EVIDENCE); i < ev.length; i++) {
      const e = ev[i] as AuditEvent;
      this.events.push(shown(e));
      this.ids.push(e.id);
    }
  }

  add(h: DetectorHit<AuditEvent>, resource: { type?: string; id: string } | undefined, shown: (e: AuditEvent) => ShownEvent): void {
    if (h.severity !== this.severity) this.severity = maxSeverity(this.severity, h.severity);
    // Full evidence: later hits only move the time window and raise the severity.
    if (this.events.length >= MAX_EVIDENCE) {
      if (h.end > this.lateEnd) this.lateEnd = h.end;
      return;
    }
    const a = this.events;
    const ids = this.ids;
    const n = ids.length;
    const ev = h.evidence;
    for (let i = Math.max(0, ev.length - MAX_EVIDENCE); i < ev.length; i++) {
      const e = ev[i] as AuditEvent;
      const id = e.id;
      let dup = false;
      for (let j = 0; j < n; j++)
        if (ids[j] === id) {
          dup = true;
          break;
        }
      if (!dup) {
        a.push(shown(e));
        ids.push(id);
      }
    }
    if (a.length > MAX_EVIDENCE) {
      a.splice(0, a.length - MAX_EVIDENCE);
      ids.splice(0, ids.length - MAX_EVIDENCE);
    }
    this.takeLatest(h, resource);
    this.windowEnd = h.end;
    if (h.end > this.seen) this.seen = h.end;
  }

  /**
   * What a finding takes from the latest hit merged: its title and details, and parts of its last
   * event, whose `findingResource` the caller has already found (to group the hit).
   */
  private takeLatest(h: DetectorHit<AuditEvent>, resource: { type?: string; id: string } | undefined): void {
    this.title = h.title;
    this.details = h.details;
    const last = h.evidence[h.evidence.length - 1] as AuditEvent;
    this.resource = resource;
    this.actorIdentity = last.actor.identity;
    this.actorName = last.actor.name;
    this.actorType = last.actor.type;
    this.account = last.account;
    this.region = last.region;
  }

  finding(attack: string[], dedupKey: string | undefined): NewFinding {
    const res = this.resource;
    const resourceId = res?.id ?? this.actorIdentity;
    let windowEnd = this.windowEnd;
    let seen = this.seen;
    if (this.lateEnd > seen) windowEnd = seen = this.lateEnd;
    return {
      source: 'activity',
      ruleId: this.detectorId,
      title: this.title,
      severity: this.severity,
      resourceId,
      resourceType: res ? (res.type ?? null) : identityType(this.actorType),
      account: this.account || null,
      region: this.region || null,
      evidence: {
        events: this.events,
        actor: { identity: this.actorIdentity, name: this.actorName, type: this.actorType },
        window: { start: isoTime(this.start), end: isoTime(windowEnd) },
        ...(this.details && { details: this.details }),
      },
      attack,
      compliance: [],
      seenAt: isoTime(seen),
      dedupKey: dedupKey ?? stableKey('activity', this.detectorId, this.key, resourceId, this.account),
    };
  }
}

/** A behaviour anomaly's finding, replaced as anomalies of its group merge in. */
interface Merged {
  f: NewFinding;
}

/** The groups of one rule and key: almost always one (one resource and account), else by `resource \u0001 account`. */
type Slot = Gathered | Map<string, Gathered>;

/**
 * The findings of the hits since the last flush, one per group (`hitGroup`: rule, key, resource,
 * account), in order of first hit. Most hits join a finding already gathered (a rule firing on
 * most events): the group is found by rule and key, and its resource and account compared — no
 * group text is built unless a rule and key span several resources — and the evidence of an
 * event is built once however many rules it fires. Behaviour anomalies, rare and merged factor by
 * factor, keep the finding-object path (`mergeFinding`).
 */
export class PendingFindings {
  private readonly byRule = new Map<string, Map<string, Slot>>();
  private readonly behaviour = new Map<string, Merged>();
  /** Every group, in order of first hit. */
  private order: (Gathered | Merged)[] = [];
  /** The resource id of the last event asked (`findingResource`, else the actor), and its evidence. */
  private resOf: AuditEvent | undefined;
  private resource: { type?: string; id: string } | undefined;
  private res = '';
  private shownOf: AuditEvent | undefined;
  private shownLast: ShownEvent | undefined;
  private readonly shown = (e: AuditEvent): ShownEvent => {
    if (e !== this.shownOf) {
      // An event a detector held this round (most evidence of a busy rule, on the bench) shows
      // through its held caller's shared strings: free, where looking them up was not.
      const h = heldNow(e);
      this.shownLast = h === undefined ? evidenceEvent(e) : evidenceEventHeld(e, h);
      this.shownOf = e;
    }
    return this.shownLast as ShownEvent;
  };

  constructor(private readonly attackOf: (ruleId: string) => string[]) {}

  get size(): number {
    return this.order.length;
  }

  add(h: DetectorHit<AuditEvent>): void {
    if (h.detectorId === BEHAVIOUR_RULE_ID) {
      const group = hitGroup(h);
      const old = this.behaviour.get(group);
      const f = hitToFinding(h, this.attackOf(h.detectorId), old?.f.dedupKey as string | undefined);
      if (old) old.f = mergeFinding(old.f, f);
      else {
        const m = { f };
        this.behaviour.set(group, m);
        this.order.push(m);
      }
      return;
    }
    const last = h.evidence[h.evidence.length - 1] as AuditEvent;
    if (last !== this.resOf) {
      this.resource = findingResource(last);
      this.res = this.resource?.id ?? last.actor.identity;
      this.resOf = last;
    }
    const resource = this.resource;
    const res = this.res;
    const account = last.account;
    let groups = this.byRule.get(h.detectorId);
    if (groups === undefined) {
      groups = new Map();
      this.byRule.set(h.detectorId, groups);
    }
    const slot = groups.get(h.key);
    if (slot === undefined) {
      const g = this.start(h, resource, res, account);
      groups.set(g.key, g);
    } else if (slot instanceof Gathered) {
      if (slot.groupResource === res && slot.groupAccount === account) slot.add(h, resource, this.shown);
      else {
        // A second resource or account for this rule and key: its groups go by text from now on.
        const g = this.start(h, resource, res, account);
        groups.set(
          g.key,
          new Map([
            [`${slot.groupResource}\u0001${slot.groupAccount}`, slot],
            [`${res}\u0001${account}`, g],
          ]),
        );
      }
    } else {
      const sub = `${res}\u0001${account}`;
      const g = slot.get(sub);
      if (g !== undefined) g.add(h, resource, this.shown);
      else slot.set(sub, this.start(h, resource, res, account));
    }
  }

  private start(h: DetectorHit<AuditEvent>, resource: { type?: string; id: string } | undefined, res: string, account: string): Gathered {
    const g = new Gathered(h, resource, res, account, this.shown);
    this.order.push(g);
    return g;
  }

  /** The findings gathered, built now; the set starts empty again. */
  drain(): NewFinding[] {
    const out: NewFinding[] = [];
    for (const g of this.order) out.push(g instanceof Gathered ? g.finding(this.attackOf(g.detectorId), undefined) : g.f);
    this.byRule.clear();
    this.behaviour.clear();
    this.order = [];
    this.resOf = this.shownOf = this.shownLast = this.resource = undefined;
    return out;
  }
}
