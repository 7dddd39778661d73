import { stableKey } from '../../core/ids.js';
import { isoTime } from '../../core/iso-time.js';
import { presetJson } from '../../core/json-text.js';
import type { NewFinding } from '../../core/finding.js';
import type { IntelHit } from '../../core/intel.js';
import { type AttributedResource, type DnsEvent, type FlowEvent, flowEvidence, protocolName, retainEvent } from '../../core/network-events.js';
import {
  DEFAULT_LIMITS,
  type DetectorHit,
  type DetectorLimits,
  type DetectorState,
  type DetectorUnit,
  type MatchLogic,
  type WindowLogic,
  NO_HITS,
  startDetector,
} from '../../core/units/detector.js';
import { LruSlots, hashKey } from './lru-slots.js';

/**
 * A pending finding. What every repeat hit updates sits on this one object (the window, severity,
 * counts, the last port added, how many records it holds), so a repeat reads and writes one object
 * rather than the hit, its port set and its record list too: there are thousands of these, and a
 * repeat of one is mostly cache misses. The hit's `start`, `end` and `severity` are this object's
 * (`toFinding` reads them here).
 */
interface Agg {
  hit: DetectorHit<unknown>;
  detector: DetectorUnit;
  count: number;
  bytes: number;
  packets: number;
  start: number;
  end: number;
  severity: DetectorHit<unknown>['severity'];
  ports: Set<number>;
  /** The port added last (so in `ports`): a repeat with it needs no set lookup. */
  lastPort: number | undefined;
  records: Record<string, unknown>[];
  /** `records.length`. */
  nRecords: number;
  resource: AttributedResource | undefined;
  peer: string | undefined;
  intel: IntelHit | undefined;
  geo: unknown;
  /** Hit since it was last drained. */
  dirty: boolean;
  /** `hit.details` is this aggregate's own merge, not handed out by a drain since: later merges may write into it. */
  ownDetails: boolean;
  /** The finding's dedup key, made at its first drain (its detector and key never change). */
  dedupKey: string | undefined;
  /**
   * `records` as JSON, joined by commas without the brackets, for the first `encoded` of them: a
   * record never changes once kept, so each save encodes only the records added since the last.
   */
  recordsText: string;
  encoded: number;
  /** The evidence's other parts as last encoded (`encoded`): made at the first drain. */
  enc: Encoded | undefined;
}

/** A detector as the engine runs it. */
interface DetectorRun<E> {
  unit: DetectorUnit<E>;
  needs: number;
  /** At least one of these bits (0: no alternatives). */
  needsAny: number;
  state: DetectorState<E>;
  match?: MatchLogic<E>;
  /** Pending findings of this match detector by `numKey` (the same objects as in `pending`). */
  byNum: NumIndex<Agg>;
}

/**
 * Values by number key: non-negative integer keys (what `numKey`s give) in an open-addressing table
 * of typed keys, others in a `Map` (the same identities as a `Map` of all of them). A repeat hit's
 * lookup reads one run of the key array instead of a `Map`'s buckets and entry chain.
 */
class NumIndex<V> {
  private keys = new Float64Array(64).fill(-1);
  private vals: (V | undefined)[] = new Array<V | undefined>(64).fill(undefined);
  private mask = 63;
  private size = 0;
  private readonly other = new Map<number, V>();

  get(k: number): V | undefined {
    if (!(k >= 0 && k <= Number.MAX_SAFE_INTEGER && Number.isInteger(k))) return this.other.get(k);
    const keys = this.keys;
    const mask = this.mask;
    for (let i = hashKey(k) & mask; ; i = (i + 1) & mask) {
      const x = keys[i] as number;
      if (x === k) return this.vals[i];
      if (x === -1) return undefined;
    }
  }

  set(k: number, v: V): void {
    if (!(k >= 0 && k <= Number.MAX_SAFE_INTEGER && Number.isInteger(k))) {
      this.other.set(k, v);
      return;
    }
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.place(k, v);
  }

  clear(): void {
    if (this.size) {
      this.keys.fill(-1);
      this.vals.fill(undefined);
      this.size = 0;
    }
    this.other.clear();
  }

  private place(k: number, v: V): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = hashKey(k) & mask;
    for (;;) {
      const x = keys[i] as number;
      if (x === k) break;
      if (x === -1) {
        keys[i] = k;
        this.size++;
        break;
      }
      i = (i + 1) & mask;
    }
    this.vals[i] = v;
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    const size = keys.length * 2;
    this.keys = new Float64Array(size).fill(-1);
    this.vals = new Array<V | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if ((keys[i] as number) !== -1) this.place(keys[i] as number, vals[i] as V);
  }
}

type MatchResult = Exclude<ReturnType<MatchLogic<unknown>['match']>, false>;

/** A match hit's title: the one `match` returned, else the detector's `title(e)`, else its fixed title. */
function matchTitle<E>(unit: DetectorUnit<E>, logic: MatchLogic<E>, e: E, extra: { title?: string } | undefined): string {
  return extra?.title ?? logic.title?.(e) ?? unit.title;
}

/** Trait masks below this are remembered (FT's bits are all below 2^14); others are worked out each time. */
const TRAIT_MASKS = 1 << 14;

const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

/**
 * A repeat hit merged into its finding: the window widens, and a more severe repeat raises the
 * severity — true then, as the most severe of the merged hits names the finding (the caller sets the title).
 */
function widen(a: Agg, start: number, end: number, severity: DetectorHit<unknown>['severity']): boolean {
  a.start = Math.min(a.start, start);
  a.end = Math.max(a.end, end);
  if (RANK[severity] <= RANK[a.severity]) return false;
  a.severity = severity;
  return true;
}

const isFlow = (e: unknown): e is FlowEvent => typeof e === 'object' && e !== null && 'flow' in e;
const isDns = (e: unknown): e is DnsEvent => typeof e === 'object' && e !== null && 'query' in e;

function dnsEvidence(e: DnsEvent): Record<string, unknown> {
  return {
    time: isoTime(e.time),
    queryName: e.query.queryName,
    queryType: e.query.queryType,
    rcode: e.query.rcode,
    srcAddr: e.query.srcAddr,
    answers: e.query.answers.slice(0, 5),
  };
}

/**
 * Runs detectors over enriched events and folds their hits into findings: repeated hits of one
 * detector and key (a listed peer seen in 500 records) become one finding with counts, the time
 * window, ports and the first evidence records. A finding's aggregate lives for the whole run, so
 * its counts and window cover every record read, not just those since the last save; `drain`
 * hands out only the findings hit since the previous drain. Memory is bounded by `maxPending`
 * findings: when `full`, the drain also forgets them all (a later hit starts a new aggregate).
 */
export class NetworkDetection<E> {
  private readonly states: DetectorRun<E>[];
  private readonly limits: DetectorLimits;
  private readonly maxRecords: number;
  private readonly pending = new Map<string, Agg>();
  /** Candidates per trait mask (`runsFor`), filled as masks are seen; a dense array, not a map. */
  private readonly byTraits: (DetectorRun<E>[] | undefined)[] = new Array<DetectorRun<E>[] | undefined>(TRAIT_MASKS).fill(undefined);
  hits = 0;

  constructor(
    detectors: readonly DetectorUnit<E>[],
    private readonly opts: {
      limits?: DetectorLimits;
      maxPending?: number;
      maxRecords?: number;
      /** The source's trait mask of an event (`flowTraits`): detectors whose `needs` it lacks are skipped. */
      traits?: (e: E) => number;
    } = {},
  ) {
    // Match logic runs here directly: most records match nothing, and skipping the generic state
    // machine for them saves an allocation per detector per record. Windows are the bounded ones
    // below, which filter first and allocate nothing for a miss (so no second filter call here).
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.maxRecords = opts.maxRecords ?? 20;
    this.states = detectors.map((unit) => ({
      unit,
      needs: opts.traits ? (unit.needs ?? 0) : 0,
      needsAny: opts.traits ? (unit.needsAny ?? 0) : 0,
      state: unit.logic.kind === 'window' ? boundedWindow(unit, unit.logic, this.limits) : startDetector(unit, this.limits),
      ...(unit.logic.kind === 'match' && { match: unit.logic }),
      byNum: new NumIndex<Agg>(),
    }));
  }

  /**
   * `traits`: the event's mask when the caller has it (the batch path computes it from its columns);
   * else it is computed here, when the engine was given `traits`.
   */
  push(e: E, traits?: number): void {
    const t = traits ?? (this.opts.traits ? this.opts.traits(e) : 0);
    const runs = this.byTraits[t] ?? this.runsFor(t);
    for (let i = 0; i < runs.length; i++) {
      const s = runs[i] as DetectorRun<E>;
      if (s.match) {
        const m = s.match.match(e);
        if (m) this.addMatch(s, s.match, e, m);
        continue;
      }
      const hits = s.state.push(e);
      if (hits.length) for (const h of hits) this.add(s.unit, h as DetectorHit<unknown>);
    }
  }

  /**
   * The detectors an event with these traits reaches, in registry order: one list per mask seen,
   * so a record pays for its candidates only (most reach two or three of a dozen).
   */
  private runsFor(t: number): DetectorRun<E>[] {
    const runs = this.states.filter((s) => (t & s.needs) === s.needs && (s.needsAny === 0 || (t & s.needsAny) !== 0));
    if (t >= 0 && t < TRAIT_MASKS) this.byTraits[t] = runs;
    return runs;
  }

  finish(): void {
    for (const s of this.states) for (const h of s.state.flush()) this.add(s.unit, h as DetectorHit<unknown>);
  }

  get full(): boolean {
    return this.pending.size >= (this.opts.maxPending ?? 5000);
  }

  /**
   * A match hit folded straight into its finding: no hit object, and neither key text nor title for
   * a repeat of a key the detector can number (`numKey`) — most hits of a busy key are repeats.
   */
  private addMatch(s: DetectorRun<E>, logic: MatchLogic<E>, e: E, m: MatchResult): void {
    this.hits++;
    const extra = typeof m === 'object' ? m : undefined;
    const start = (e as { time?: number }).time ?? 0;
    const end = (e as { endTime?: number }).endTime ?? start;
    const severity = extra?.severity ?? s.unit.severity;
    const nk = extra?.key === undefined && logic.numKey ? logic.numKey(e) : undefined;
    let a = nk !== undefined ? s.byNum.get(nk) : undefined;
    if (!a) {
      const key = extra?.key ?? logic.key?.(e) ?? s.unit.id;
      const id = `${s.unit.id}\u0000${key}`;
      a =
        this.pending.get(id) ??
        this.newAgg(id, s.unit, { detectorId: s.unit.id, key, title: matchTitle(s.unit, logic, e, extra), severity, start, end, evidence: [] });
      if (nk !== undefined) s.byNum.set(nk, a);
    }
    // The title of a more severe repeat is made only then.
    if (a.count > 0 && widen(a, start, end, severity)) a.hit.title = matchTitle(s.unit, logic, e, extra);
    a.count++;
    a.dirty = true;
    this.evidence(a, e);
    this.details(a, extra?.details);
  }

  private add(unit: DetectorUnit<E>, h: DetectorHit<unknown>): void {
    this.hits++;
    const id = `${h.detectorId}\u0000${h.key}`;
    let a = this.pending.get(id);
    if (!a) a = this.newAgg(id, unit, { ...h, evidence: [] });
    else if (widen(a, h.start, h.end, h.severity)) a.hit.title = h.title;
    a.count++;
    a.dirty = true;
    for (const ev of h.evidence) this.evidence(a, ev);
    this.details(a, h.details);
  }

  private newAgg(id: string, unit: DetectorUnit<E>, hit: DetectorHit<unknown>): Agg {
    const a: Agg = {
      hit,
      detector: unit as DetectorUnit,
      count: 0,
      bytes: 0,
      packets: 0,
      start: hit.start,
      end: hit.end,
      severity: hit.severity,
      ports: new Set(),
      lastPort: undefined,
      records: [],
      nRecords: 0,
      resource: undefined,
      peer: undefined,
      intel: undefined,
      geo: undefined,
      dirty: true,
      ownDetails: false,
      dedupKey: undefined,
      recordsText: '',
      encoded: 0,
      enc: undefined,
    };
    this.pending.set(id, a);
    return a;
  }

  private evidence(a: Agg, ev: unknown): void {
    if (isFlow(ev)) {
      a.bytes += ev.flow.bytes ?? 0;
      a.packets += ev.flow.packets ?? 0;
      const port = ev.servicePort;
      // A repeat of the port added last is already in the set.
      if (port !== undefined && port !== a.lastPort && a.ports.size < 100) {
        a.ports.add(port);
        a.lastPort = port;
      }
      a.resource ??= ev.resource;
      a.peer ??= ev.remote;
      a.intel ??= ev.remoteIntel;
      a.geo ??= ev.remoteGeo;
      if (a.nRecords < this.maxRecords) {
        a.records.push(flowEvidence(ev));
        a.nRecords++;
      }
    } else if (isDns(ev)) {
      a.resource ??= ev.resource;
      a.peer ??= ev.name;
      a.intel ??= ev.nameIntel ?? ev.answerIntel;
      if (a.nRecords < this.maxRecords) {
        a.records.push(dnsEvidence(ev));
        a.nRecords++;
      }
    }
  }

  private details(a: Agg, d: Record<string, unknown> | undefined): void {
    if (d) {
      // `{ ...old, ...d }` less `records`, built key by key: a rest pattern and a spread into a
      // non-empty literal each take the runtime's generic copy, and this runs for every hit with details.
      // A new object once per drain: a drained finding holds the previous one. Until then later hits
      // write into it, which gives the same keys, values and order (a key already there keeps its place).
      let merged = a.hit.details as Record<string, unknown>;
      if (!a.ownDetails) {
        merged = {};
        const old = a.hit.details;
        if (old) for (const k in old) merged[k] = old[k];
        a.hit.details = merged;
        a.ownDetails = true;
      }
      for (const k in d) if (k !== 'records') merged[k] = d[k];
    } else if (a.count === 1) {
      // A hit without details still shows an empty `details` (repeats of it need no new object).
      a.hit.details = {};
    }
  }

  /**
   * The findings hit since the last drain, one per detector and key, each with everything the run
   * has seen of it (a save writes only what changed). When `full`, all are forgotten afterwards.
   */
  drain(): NewFinding[] {
    const out: NewFinding[] = [];
    for (const a of this.pending.values()) {
      if (!a.dirty) continue;
      a.dirty = false;
      // The finding holds the details object from here on: the next merge starts a new one.
      a.ownDetails = false;
      out.push(toFinding(a));
    }
    if (this.full) {
      this.pending.clear();
      for (const s of this.states) s.byNum.clear();
    }
    return out;
  }
}

const WINDOW_EVIDENCE = 5;

interface Bucket<E> {
  /** Event times (count windows only) — at most `threshold` kept. */
  times: number[] | undefined;
  /** Distinct value (its number, else its text) → the last time it was seen (distinct windows only) — at most `threshold` kept. */
  values: Map<number | string, number> | undefined;
  /**
   * Until a second distinct value arrives, the one value and its time are held here instead of in
   * `values`: most scan and sweep keys (one peer and host) only ever see one. Count windows keep
   * their first time in `oneAt` (NaN: none) until a second event makes `times`.
   */
  one: number | string | undefined;
  oneAt: number;
  /** Made when the count nears the threshold: most keys (one per scanner and host) never get there. */
  evidence: E[] | undefined;
  first: number;
  quietUntil: number;
}

/** Forgets a bucket's events (a key taking over a dropped key's bucket, or a window that just fired). */
function emptyBucket<E>(b: Bucket<E>): void {
  b.times = undefined;
  b.values = undefined;
  b.one = undefined;
  b.oneAt = Number.NaN;
  b.evidence = undefined;
}

/**
 * The same window semantics as the core state machine (threshold events or distinct values per key
 * within `seconds`, one hit per burst), with memory bounded per key whatever the input order: logs
 * read from several objects arrive out of time order, and a window must not grow when time steps back.
 */
function boundedWindow<E>(d: DetectorUnit<E>, w: WindowLogic<E>, limits: DetectorLimits): DetectorState<E> {
  // Keyed by the key's number where the detector gives one (no text built per record), else its text;
  // least recently used keys go first, and a new key takes over the dropped key's bucket object.
  const keys = new LruSlots(limits.maxKeys);
  const buckets: Bucket<E>[] = [];
  const span = w.seconds * 1000;
  return {
    push(e) {
      if (!w.filter(e)) return NO_HITS;
      const key = w.numKey?.(e) ?? w.key(e);
      const t = w.time(e);
      let slot = keys.touch(key);
      let b: Bucket<E>;
      if (slot >= 0) b = buckets[slot] as Bucket<E>;
      else {
        slot = keys.add(key);
        const old = buckets[slot];
        if (old) {
          b = old;
          emptyBucket(b);
          b.first = t;
          b.quietUntil = Number.NEGATIVE_INFINITY;
        } else {
          b = { times: undefined, values: undefined, one: undefined, oneAt: Number.NaN, evidence: undefined, first: t, quietUntil: Number.NEGATIVE_INFINITY };
          buckets[slot] = b;
        }
      }
      if (t < b.quietUntil && t >= b.quietUntil - span) return NO_HITS;
      const cutoff = t - span;
      let count: number;
      if (w.distinct) {
        const v = w.numDistinct?.(e) ?? w.distinct(e);
        let values = b.values;
        if (!values && (b.one === undefined || b.one === v)) {
          b.one = v;
          b.oneAt = t;
          count = 1;
        } else {
          if (!values) {
            // The second distinct value: from here on the map, in the same order as before.
            values = new Map([[b.one as number | string, b.oneAt]]);
            b.values = values;
            b.one = undefined;
          }
          values.set(v, t);
          if (values.size >= w.threshold) for (const [x, xt] of values) if (xt <= cutoff || xt > t + span) values.delete(x);
          count = values.size;
        }
      } else {
        if (!b.times && Number.isNaN(b.oneAt) && w.threshold > 1) {
          b.oneAt = t;
          count = 1;
        } else {
          const times = (b.times ??= Number.isNaN(b.oneAt) ? [] : [b.oneAt]);
          times.push(t);
          if (times.length >= w.threshold) b.times = times.filter((x) => x > cutoff && x <= t + span);
          count = (b.times as number[]).length;
        }
      }
      // Few records per open window: memory is maxKeys × this, and most windows never fire. A push
      // raises the count by at most one, so the last `keep` events before a hit all arrived with the
      // count at `threshold - keep` or more: keeping only those gives the same evidence, and keys far
      // from their threshold (nearly all of them) hold none.
      const keep = Math.min(limits.maxEvidence, WINDOW_EVIDENCE);
      if (count >= w.threshold - keep) {
        const evidence = (b.evidence ??= []);
        if (evidence.length >= keep) evidence.shift();
        evidence.push(retainEvent(e));
      }
      if (count < w.threshold) return NO_HITS;
      const times = w.distinct ? (b.values ? [...b.values.values()] : [b.oneAt]) : (b.times as number[]);
      const hit: DetectorHit<E> = {
        detectorId: d.id,
        key: typeof key === 'string' ? key : w.key(e),
        title: d.title,
        severity: d.severity,
        start: Math.min(...times),
        end: t,
        evidence: b.evidence ?? [],
        details: { count, windowSeconds: w.seconds, threshold: w.threshold },
      };
      emptyBucket(b);
      b.quietUntil = t + span;
      return [hit];
    },
    flush: () => NO_HITS,
  };
}

/**
 * The parts of a finding's evidence already encoded, each with what it encodes: re-encoded only when
 * that changes. The resource, peer, intel and geo are set once per aggregate, the ports only grow,
 * and most saves move the window's end only.
 */
interface Encoded {
  resource: AttributedResource | undefined;
  resourceEv: Record<string, unknown> | undefined;
  resourceText: string;
  peer: string | undefined;
  peerText: string;
  nPorts: number;
  ports: number[];
  portsText: string;
  start: number;
  startIso: string;
  end: number;
  endIso: string;
  intel: IntelHit | undefined;
  intelText: string;
  geo: unknown;
  geoText: string | undefined;
}

/** A number as JSON writes it. */
const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');

function encoded(a: Agg): Encoded {
  const e = (a.enc ??= {
    resource: undefined,
    resourceEv: undefined,
    resourceText: '',
    peer: undefined,
    peerText: '',
    nPorts: 0,
    ports: [],
    portsText: '[]',
    start: Number.NaN,
    startIso: '',
    end: Number.NaN,
    endIso: '',
    intel: undefined,
    intelText: '',
    geo: undefined,
    geoText: undefined,
  });
  const r = a.resource;
  if (r && r !== e.resource) {
    e.resource = r;
    e.resourceEv = { id: r.id, type: r.type, name: r.name, securityGroups: r.securityGroups, public: r.public, ...(r.eni && { eni: r.eni }) };
    e.resourceText = JSON.stringify(e.resourceEv);
  }
  if (a.peer && a.peer !== e.peer) {
    e.peer = a.peer;
    e.peerText = JSON.stringify(a.peer);
  }
  if (a.ports.size !== e.nPorts) {
    e.nPorts = a.ports.size;
    e.ports = [...a.ports].sort((x, y) => x - y);
    e.portsText = JSON.stringify(e.ports);
  }
  // `isoTime` is `toISOString`'s text (and throws for a time out of range, as that did).
  if (!Object.is(a.start, e.start)) {
    e.start = a.start;
    e.startIso = isoTime(a.start);
  }
  if (!Object.is(a.end, e.end)) {
    e.end = a.end;
    e.endIso = isoTime(a.end);
  }
  if (a.intel && a.intel !== e.intel) {
    e.intel = a.intel;
    e.intelText = JSON.stringify(a.intel);
  }
  if (a.geo !== undefined && (a.geo !== e.geo || e.geoText === undefined)) {
    e.geo = a.geo;
    e.geoText = JSON.stringify(a.geo);
  }
  return e;
}

function toFinding(a: Agg): NewFinding {
  const h = a.hit;
  h.start = a.start;
  h.end = a.end;
  h.severity = a.severity;
  const r = a.resource;
  const c = encoded(a);
  // The evidence object and its text side by side, key by key in the same order: only the parts
  // that changed since the last drain are encoded again, and each kept record only once.
  const evidence: Record<string, unknown> = {};
  let text = '{';
  if (r) {
    evidence.resource = c.resourceEv;
    text += `"resource":${c.resourceText},`;
  }
  if (a.peer) {
    evidence.peer = a.peer;
    text += `"peer":${c.peerText},`;
  }
  if (a.ports.size) {
    evidence.ports = c.ports;
    text += `"ports":${c.portsText},`;
  }
  evidence.bytes = a.bytes;
  evidence.packets = a.packets;
  evidence.hits = a.count;
  evidence.window = { start: c.startIso, end: c.endIso };
  text += `"bytes":${num(a.bytes)},"packets":${num(a.packets)},"hits":${num(a.count)},"window":{"start":"${c.startIso}","end":"${c.endIso}"}`;
  if (a.intel) {
    evidence.intel = a.intel;
    text += `,"intel":${c.intelText}`;
  }
  if (a.geo !== undefined) {
    evidence.geo = a.geo;
    // A value JSON cannot show (a function) leaves the key out, as encoding the object would.
    if (c.geoText !== undefined) text += `,"geo":${c.geoText}`;
  }
  if (h.details) {
    evidence.details = h.details;
    text += `,"details":${JSON.stringify(h.details)}`;
  }
  const records = a.records;
  for (let i = a.encoded; i < records.length; i++) a.recordsText += (i ? ',' : '') + JSON.stringify(records[i]);
  a.encoded = records.length;
  // A copy: the aggregate's list grows after this drain, and the preset text must stay this object's JSON.
  evidence.records = records.slice();
  presetJson(evidence, `${text},"records":[${a.recordsText}]}`);
  return {
    dedupKey: (a.dedupKey ??= stableKey('network', h.detectorId, h.key)),
    source: 'network',
    ruleId: h.detectorId,
    // Window detectors name the behaviour only; the finding names who and what too.
    title:
      h.title === a.detector.title && a.peer
        ? `${h.title} from ${a.peer}${a.ports.size ? ` (${a.ports.size === 1 ? `port ${c.ports[0]}` : `${a.ports.size} ports`})` : ''}`
        : h.title,
    severity: h.severity,
    resourceId: r?.id ?? null,
    resourceType: r?.type ?? null,
    account: r?.account ?? null,
    region: r?.region ?? null,
    evidence,
    attack: [...a.detector.attack],
    compliance: [],
    seenAt: c.endIso,
  };
}

export { protocolName };
