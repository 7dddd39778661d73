import type { AuditEvent } from '../../../core/events.js';
import { type DetectorHit, NO_HITS } from '../../../core/units/detector.js';
import { finiteOrNull, orNegInf, revive, slim, trimLru } from '../../../providers/aws/detectors/common.js';
import { INDEX_FIELDS } from './compile.js';
import { compileField, type FieldGetter } from './fields.js';
import type { SigmaCorrelation, SigmaRule, SigmaSet } from './load.js';
import { memo } from '../../../core/memo.js';

/** Rule id as a finding's `ruleId`: `sigma-<rule uuid>`. */
export const sigmaRuleId = (id: string) => `sigma-${id}`;

interface CorrelationState {
  c: SigmaCorrelation;
  group: FieldGetter[];
  valueField: FieldGetter | undefined;
  /** Per group: the events in the window (capped), with the matching base rule. */
  buckets: Map<string, Bucket>;
}

interface Bucket {
  times: number[];
  rules: string[];
  values: string[];
  evidence: AuditEvent[];
  quietUntil: number;
}

/** Correlation events between sweeps of groups whose window has passed. */
const SWEEP_EVERY = 4096;

const MAX_GROUPS = 50_000;
const MAX_EVIDENCE = 20;

/** Rules pinned on one field (see INDEX_FIELDS), by the lower-cased value they need. */
interface FieldIndex {
  /** The field's path, and the whole dotted name (a record key containing dots is read first, as rules read it). */
  path: string[];
  whole: string;
  byValue: Map<string, SigmaRule[]>;
  /** Every rule of this index, for a value that is not a plain string (a list fans out, a number is compared as text). */
  all: SigmaRule[];
  /** Lower-cased values, memoised: the values repeat (event names, sources, agents). */
  lower: (v: string) => string;
}

const MAX_LOWER_MEMO = 4096;

/** The field's value in the record, read the way a rule's field visitor reads it. */
function indexValue(rec: Record<string, unknown>, ix: FieldIndex): unknown {
  if (ix.path.length === 1) return rec[ix.whole];
  if (ix.whole in rec) return rec[ix.whole];
  let node: unknown = rec;
  for (const key of ix.path) {
    if (node === null || typeof node !== 'object') return undefined;
    // A list along the path fans out: leave it to the rules (the `all` list) rather than guess.
    if (Array.isArray(node)) return node;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Runs a compiled Sigma set over events. Rules are indexed by the one field value they require
 * (event name, else event source, identity type or user agent), so an event is tested only against
 * the handful of rules that could fire for it, plus the few rules that pin none of those fields.
 */
export class SigmaRunner {
  private readonly indexes: FieldIndex[] = [];
  private readonly anyField: SigmaRule[] = [];
  private readonly correlations: CorrelationState[];
  private readonly feeds = new Map<string, CorrelationState[]>();
  /** Per rule, what its hits carry, built once: a rule matching most events then allocates only the hit. */
  private readonly hitInfo = new Map<SigmaRule, { detectorId: string; details: Record<string, unknown> }>();
  private correlated = 0;
  private now = Number.NEGATIVE_INFINITY;

  constructor(readonly set: SigmaSet) {
    for (const r of set.rules) {
      this.hitInfo.set(r, { detectorId: sigmaRuleId(r.id), details: Object.freeze({ sigma: Object.freeze({ id: r.id, level: r.level, file: r.file }) }) });
      if (!r.index) {
        this.anyField.push(r);
        continue;
      }
      const field = r.index.field;
      let ix = this.indexes.find((x) => x.whole === field);
      if (!ix) {
        ix = { path: field.split('.'), whole: field, byValue: new Map(), all: [], lower: memo(MAX_LOWER_MEMO, (v) => v.toLowerCase()) };
        this.indexes.push(ix);
      }
      ix.all.push(r);
      for (const v of r.index.values) {
        const l = ix.byValue.get(v) ?? [];
        l.push(r);
        ix.byValue.set(v, l);
      }
    }
    // Most selective field first, as the rules were assigned.
    this.indexes.sort((a, b) => INDEX_FIELDS.indexOf(a.whole as never) - INDEX_FIELDS.indexOf(b.whole as never));
    this.correlations = set.correlations.map((c) => ({
      c,
      group: c.groupBy.map(compileField),
      valueField: c.condition.field ? compileField(c.condition.field) : undefined,
      buckets: new Map(),
    }));
    for (const s of this.correlations)
      for (const r of s.c.rules) {
        const l = this.feeds.get(r) ?? [];
        l.push(s);
        this.feeds.set(r, l);
      }
  }

  get ruleCount(): number {
    return this.set.rules.length + this.set.correlations.length;
  }

  push(e: AuditEvent): DetectorHit<AuditEvent>[] {
    let hits: DetectorHit<AuditEvent>[] | undefined;
    const rec = e.raw;
    for (const ix of this.indexes) {
      const v = indexValue(rec, ix);
      // Absent or null: no rule pinned on the field can match (its values are non-empty strings).
      if (v === undefined || v === null) continue;
      const rules = typeof v === 'string' ? ix.byValue.get(ix.lower(v)) : ix.all;
      if (rules) for (const r of rules) if (r.predicate(rec)) hits = this.fire(r, e, hits);
    }
    for (const r of this.anyField) if (r.predicate(rec)) hits = this.fire(r, e, hits);
    return hits ?? NO_HITS;
  }

  private fire(r: SigmaRule, e: AuditEvent, into: DetectorHit<AuditEvent>[] | undefined): DetectorHit<AuditEvent>[] {
    const hits = into ?? [];
    if (!r.correlatedOnly) {
      const info = this.hitInfo.get(r) as { detectorId: string; details: Record<string, unknown> };
      hits.push({
        detectorId: info.detectorId,
        key: e.actor.identity,
        title: r.title,
        severity: r.severity,
        start: e.time,
        end: e.time,
        evidence: [e],
        details: info.details,
      });
    }
    const feeds = this.feeds.get(r.id);
    if (feeds) for (const s of feeds) this.correlate(s, r, e, hits);
    return hits;
  }

  private correlate(s: CorrelationState, rule: SigmaRule, e: AuditEvent, hits: DetectorHit<AuditEvent>[]): void {
    const c = s.c;
    if (e.time > this.now) this.now = e.time;
    // Groups whose window has passed (and not in a quiet period) can never fire on their old
    // events again: sweep them so state follows the active groups, not every group ever seen.
    if (++this.correlated % SWEEP_EVERY === 0) this.sweep();
    const key = s.group.map((g) => String(g(e.raw)[0] ?? '')).join('\u0001');
    let b = s.buckets.get(key);
    if (b) s.buckets.delete(key);
    else {
      b = { times: [], rules: [], values: [], evidence: [], quietUntil: Number.NEGATIVE_INFINITY };
    }
    s.buckets.set(key, b);
    trimLru(s.buckets, MAX_GROUPS);
    if (e.time < b.quietUntil) return;
    let drop = 0;
    while (drop < b.times.length && (b.times[drop] as number) < e.time - c.timespanMs) drop++;
    if (drop) {
      b.times.splice(0, drop);
      b.rules.splice(0, drop);
      b.values.splice(0, drop);
      b.evidence.splice(0, Math.max(0, b.evidence.length - b.times.length));
    }
    b.times.push(e.time);
    b.rules.push(rule.id);
    b.values.push(s.valueField ? String(s.valueField(e.raw)[0] ?? '') : '');
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(slim(e));
    let measure: number;
    if (c.type === 'event_count') measure = b.times.length;
    else if (c.type === 'value_count') measure = new Set(b.values.filter((v) => v !== '')).size;
    else if (c.type === 'temporal') measure = new Set(b.rules).size;
    else {
      // temporal_ordered: the rules must have fired in the listed order within the span.
      let next = 0;
      for (const r of b.rules) if (r === c.rules[next]) next++;
      measure = next;
    }
    const v = c.condition.value;
    const ok = { gt: measure > v, gte: measure >= v, lt: measure < v, lte: measure <= v, eq: measure === v }[c.condition.op];
    // lt/lte fire on "too few" only when evaluated at window end; here they would fire on the
    // first event, so they are evaluated the same way but only once per window (quietUntil).
    if (!ok) return;
    hits.push({
      detectorId: sigmaRuleId(c.id),
      key: key || c.id,
      title: c.title,
      severity: c.severity,
      start: b.times[0] as number,
      end: e.time,
      evidence: b.evidence.slice(),
      details: { sigma: { id: c.id, level: c.level, file: c.file, correlation: c.type, measure, groupBy: c.groupBy } },
    });
    b.times = [];
    b.rules = [];
    b.values = [];
    b.evidence = [];
    b.quietUntil = e.time + c.timespanMs;
  }

  private sweep(): void {
    for (const s of this.correlations)
      for (const [k, b] of s.buckets)
        if ((b.times[b.times.length - 1] ?? Number.NEGATIVE_INFINITY) < this.now - s.c.timespanMs && b.quietUntil <= this.now) s.buckets.delete(k);
  }

  /** Open correlation windows (bounded by the group cap and the sweep), for the ingest checkpoint. */
  snapshot(): unknown {
    return {
      correlated: this.correlated,
      now: finiteOrNull(this.now),
      buckets: Object.fromEntries(
        this.correlations.map((s) => [s.c.id, [...s.buckets].map(([k, b]) => [k, { ...b, quietUntil: finiteOrNull(b.quietUntil) }])]),
      ),
    };
  }

  restore(saved: unknown): void {
    const x = saved as { correlated: number; now: number | null; buckets: Record<string, [string, Bucket & { quietUntil: number | null }][]> };
    this.correlated = x.correlated;
    this.now = orNegInf(x.now);
    for (const s of this.correlations) {
      // A rule set changed between runs: windows of correlations that no longer exist are dropped.
      s.buckets = new Map((x.buckets[s.c.id] ?? []).map(([k, b]) => [k, { ...b, evidence: b.evidence.map(revive), quietUntil: orNegInf(b.quietUntil) }]));
    }
  }

  /** ATT&CK ids per rule id, for findings. */
  meta(ruleId: string): { attack: string[]; title: string } | undefined {
    const id = ruleId.replace(/^sigma-/, '');
    const r = this.set.rules.find((x) => x.id === id) ?? this.set.correlations.find((x) => x.id === id);
    return r && { attack: r.attack, title: r.title };
  }
}
