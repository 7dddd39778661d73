import type { Severity } from '../severity.js';

/** What a detector emits; the engine turns hits into findings with the evidence attached. */
export interface DetectorHit<E = unknown> {
  detectorId: string;
  /** Groups repeated hits of one behaviour (identity, source address, resource). */
  key: string;
  title: string;
  severity: Severity;
  /** Epoch milliseconds of the first and last evidence event. */
  start: number;
  end: number;
  evidence: E[];
  details?: Record<string, unknown>;
}

/** Stateless: one event decides. Return an object to add details to the hit. */
export interface MatchLogic<E> {
  kind: 'match';
  match(event: E): boolean | { key?: string; details?: Record<string, unknown>; severity?: Severity; title?: string };
  /** The key that groups hits; defaults to the detector id. */
  key?(event: E): string;
  /**
   * The hit's title, asked for only when a finding needs it (the first hit of a key, or a more
   * severe one): repeats of a key (an admin port reached 50,000 times) then build no string. A title
   * returned by `match` wins.
   */
  title?(event: E): string;
  /**
   * `key(event)` as a number, or undefined: one number always stands for one key, so an engine can
   * group repeats without building the key's text (it still asks `key` for the first hit of a number).
   */
  numKey?(event: E): number | undefined;
}

/** Windowed threshold: `threshold` events (or distinct values) per key within `seconds`. */
export interface WindowLogic<E> {
  kind: 'window';
  filter(event: E): boolean;
  key(event: E): string;
  time(event: E): number;
  seconds: number;
  threshold: number;
  /** Count distinct values of this instead of events (port scan: distinct ports). */
  distinct?(event: E): string;
  /**
   * Numeric twins of `key` and `distinct` for an engine that groups without text: a number must
   * stand for exactly one key (value), and whether it is defined must depend on the key (value)
   * alone — every event of a key gives its number, or every one gives undefined — because numbers
   * and texts are told apart (the engine asks `key` for a hit's text).
   */
  numKey?(event: E): number | undefined;
  numDistinct?(event: E): number | undefined;
}

/** Free-form state for what windows cannot express (baselines, sequences). Memory must be capped. */
export interface StatefulLogic<E> {
  kind: 'stateful';
  create(): DetectorState<E>;
}

export interface DetectorState<E> {
  push(event: E): DetectorHit<E>[];
  flush(): DetectorHit<E>[];
  /**
   * The bounded in-flight state (open windows, their evidence) as JSON-able data, saved with an
   * ingest checkpoint so a resumed run continues a burst that straddles the checkpoint. Absent for
   * stateless detectors; `restore` takes what `snapshot` gave.
   */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

export interface DetectorFixture<E> {
  name: string;
  events: E[];
}

export interface DetectorSpec<E> {
  id: string;
  title: string;
  description: string;
  /** The log source id whose normalised events this detector reads (`aws-cloudtrail`). */
  source: string;
  severity: Severity;
  attack: readonly string[];
  logic: MatchLogic<E> | WindowLogic<E> | StatefulLogic<E>;
  /**
   * A cheap pre-filter: bits of the source's per-event trait mask (the source defines them, e.g.
   * `flowTraits`) that every event the logic could act on has. An engine that computes the mask
   * skips the detector for events missing any of them, before any key is built; the logic still decides.
   */
  needs?: number;
  /**
   * Alternatives on top of `needs`: an event must also have at least one of these bits (a detector
   * with two ways to fire — a listed peer or a relay port — declares both). Same contract as `needs`.
   */
  needsAny?: number;
  /**
   * Every `service:Action` this detector can ever act on (`service:*` and `*:Action` allowed), for
   * sources whose events name a service and an action (CloudTrail). An engine indexes detectors by
   * it once and runs, per event, only the candidates plus the detectors without a declaration
   * (windowed or general ones: enumeration bursts, IP intel, user agents). The registry checks
   * that the hit fixtures give the same hits with only the declared events.
   */
  actions?: readonly string[];
  fixtures: { hit: readonly DetectorFixture<E>[]; miss: readonly DetectorFixture<E>[] };
}

export interface DetectorUnit<E = any> extends DetectorSpec<E> {
  readonly kind: 'detector';
}

export function defineDetector<E>(spec: DetectorSpec<E>): DetectorUnit<E> {
  return Object.freeze({ ...spec, kind: 'detector' as const });
}

/** A declared `service:Action` pattern: either side may be `*`, not both. */
export const ACTION_PATTERN = /^(?:[a-z0-9][a-z0-9.-]*|\*):(?:[A-Za-z0-9][A-Za-z0-9_.-]*|\*)$/;

/** Whether an event's service and action fall in a declared set (the same test the engine's index makes). */
export function declaresAction(actions: readonly string[], service: string, action: string): boolean {
  for (const a of actions) {
    const i = a.indexOf(':');
    const s = a.slice(0, i);
    const n = a.slice(i + 1);
    if ((s === '*' || s === service) && (n === '*' || n === action)) return true;
  }
  return false;
}

/**
 * Problems with a detector's `actions` declaration, checked against its own fixtures: each pattern
 * well formed, and every fixture judged the same (hit count and evidence) when only the declared
 * events reach it — so the index never hides an event the logic would have used.
 */
export function actionDeclarationProblems(d: DetectorUnit<{ service: string; action: string; id?: string }>): string[] {
  const actions = d.actions;
  if (!actions) return [];
  const problems: string[] = [];
  if (actions.length === 0) problems.push('declares an empty actions list (omit it to see every event)');
  for (const a of actions)
    if (!ACTION_PATTERN.test(a) || a === '*:*') problems.push(`declares a bad action pattern "${a}" (service:Action, one side may be *)`);
  if (problems.length) return problems;
  const shape = (hits: DetectorHit<{ id?: string }>[]) => JSON.stringify(hits.map((h) => [h.key, h.evidence.map((e) => e.id)]));
  for (const [kind, list] of [
    ['hit', d.fixtures.hit],
    ['miss', d.fixtures.miss],
  ] as const)
    for (const f of list) {
      const all = runDetector(d, f.events);
      const declared = runDetector(
        d,
        f.events.filter((e) => declaresAction(actions, e.service, e.action)),
      );
      if (shape(all) !== shape(declared))
        problems.push(`${kind} fixture "${f.name}" judges differently with only its declared actions (${actions.join(', ')})`);
    }
  return problems;
}

/** Caps that keep windowed state bounded however many keys the input has. */
export interface DetectorLimits {
  maxKeys: number;
  maxEvidence: number;
  /**
   * What a window keeps of an evidence event (the activity engine drops the raw record): held
   * events outlive many young-generation collections, so their size is both memory and GC time.
   */
  retain?: (event: never) => unknown;
}
/** The one empty result of a push without hits: frozen and shared, so the common case allocates nothing. */
export const NO_HITS: never[] = Object.freeze([]) as unknown as never[];

export const DEFAULT_LIMITS: DetectorLimits = { maxKeys: 100_000, maxEvidence: 20 };

/** A running instance of any detector: the same state machine serves fixtures, ingests and benches. */
export function startDetector<E>(d: DetectorUnit<E>, limits: DetectorLimits = DEFAULT_LIMITS): DetectorState<E> {
  const logic = d.logic;
  if (logic.kind === 'stateful') return logic.create();
  if (logic.kind === 'match') {
    return {
      push(event) {
        const m = logic.match(event);
        if (!m) return [];
        const extra = typeof m === 'object' ? m : {};
        const t = eventTime(event);
        return [
          {
            detectorId: d.id,
            key: extra.key ?? logic.key?.(event) ?? d.id,
            title: extra.title ?? logic.title?.(event) ?? d.title,
            severity: extra.severity ?? d.severity,
            start: t,
            end: t,
            evidence: [event],
            ...(extra.details && { details: extra.details }),
          },
        ];
      },
      flush: () => [],
    };
  }
  return windowState(d, logic, limits);
}

function eventTime(event: unknown): number {
  const t = (event as { time?: unknown } | null)?.time;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return Date.parse(t);
  if (t instanceof Date) return t.getTime();
  return 0;
}

interface WindowBucket<E> {
  times: number[];
  values: string[];
  evidence: E[];
  /** After a hit the key stays quiet until its window has passed: one finding per burst. */
  quietUntil: number;
}

/** Pushes between sweeps of expired window keys (amortised: one pass over the keys per this many events). */
const SWEEP_EVERY = 4096;

function windowState<E>(d: DetectorUnit<E>, w: WindowLogic<E>, limits: DetectorLimits): DetectorState<E> {
  // Map keeps insertion order; re-inserting on touch makes it an LRU for the key cap.
  let buckets = new Map<string, WindowBucket<E>>();
  const spanMs = w.seconds * 1000;
  const retain = (limits.retain ?? ((e: E) => e)) as (e: E) => E;
  let pushes = 0;
  let now = Number.NEGATIVE_INFINITY;
  return {
    push(event) {
      if (!w.filter(event)) return [];
      const key = w.key(event);
      const t = w.time(event);
      // Keys whose window has passed and that are not in a quiet period hold nothing that can
      // fire again: drop them, so state follows the active keys, not every key ever seen.
      if (t > now) now = t;
      if (++pushes % SWEEP_EVERY === 0)
        for (const [k, b] of buckets) if ((b.times[b.times.length - 1] ?? Number.NEGATIVE_INFINITY) <= now - spanMs && b.quietUntil <= now) buckets.delete(k);
      let b = buckets.get(key);
      if (b) buckets.delete(key);
      else {
        b = { times: [], values: [], evidence: [], quietUntil: Number.NEGATIVE_INFINITY };
        if (buckets.size >= limits.maxKeys) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
      }
      buckets.set(key, b);
      if (t < b.quietUntil) return [];
      let drop = 0;
      while (drop < b.times.length && (b.times[drop] ?? 0) <= t - spanMs) drop++;
      if (drop) {
        b.times.splice(0, drop);
        b.values.splice(0, drop);
        b.evidence.splice(0, Math.max(0, b.evidence.length - b.times.length));
      }
      b.times.push(t);
      b.values.push(w.distinct ? w.distinct(event) : '');
      if (b.evidence.length < limits.maxEvidence) b.evidence.push(retain(event));
      const count = w.distinct ? new Set(b.values).size : b.times.length;
      if (count < w.threshold) return [];
      const hit: DetectorHit<E> = {
        detectorId: d.id,
        key,
        title: d.title,
        severity: d.severity,
        start: b.times[0] ?? t,
        end: t,
        evidence: b.evidence.slice(),
        details: { count, windowSeconds: w.seconds, threshold: w.threshold },
      };
      b.times = [];
      b.values = [];
      b.evidence = [];
      b.quietUntil = t + spanMs;
      return [hit];
    },
    flush: () => [],
    snapshot: () => [...buckets].map(([k, b]) => [k, { ...b, quietUntil: Number.isFinite(b.quietUntil) ? b.quietUntil : null }]),
    restore(state) {
      buckets = new Map(
        (state as [string, WindowBucket<E> & { quietUntil: number | null }][]).map(([k, b]) => [
          k,
          { ...b, quietUntil: b.quietUntil ?? Number.NEGATIVE_INFINITY },
        ]),
      );
    },
  };
}

/** Runs a detector over a finite list of events: fixtures and small tests. */
export function runDetector<E>(d: DetectorUnit<E>, events: Iterable<E>): DetectorHit<E>[] {
  const state = startDetector(d);
  const hits: DetectorHit<E>[] = [];
  for (const e of events) hits.push(...state.push(e));
  hits.push(...state.flush());
  return hits;
}
