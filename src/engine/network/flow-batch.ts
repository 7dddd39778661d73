import type { FlowRecord } from '../../core/events.js';
import type { GeoInfo, IntelHit, IntelLookup } from '../../core/intel.js';
import {
  type AttributedResource,
  type FlowEvent,
  KEEP,
  KEPT_NUMS,
  KEPT_REFS,
  type KeptEvents,
  RETAIN,
  TRAIT_STATUS,
  V4_EXACT,
  traitBits,
} from '../../core/network-events.js';
import { type FlowFormat, FlowStreamParser, V2_FIELDS } from '../../providers/aws/logs/vpc-flow-parser.js';
import { isPrivateV4, v4Text } from '../intel/ip.js';
import { subjectNumOf } from '../../providers/aws/detectors/network-helpers.js';
import type { AttributionIndex } from './attribution.js';
import { FlowEnricher, sourceInitiatedBy } from './enrich.js';

/**
 * The bulk flow-log path. Lines are collected per read chunk into a struct-of-arrays batch and run
 * through three stages, each a loop over typed arrays:
 *
 *  1. parse — fields scanned by index straight from the Buffer: numbers and IPv4 addresses become
 *     numbers without a string in between, ENI/account-style tokens are interned (one string per
 *     distinct value), and `-` is NaN;
 *  2. enrich — our end and the peer (attribution by interned ENI, addresses by uint32), who
 *     initiated, the service port, and intel on the uint32 peer;
 *  3. detect — each row's trait mask is made from the columns; one reused event object per record
 *     (its flow record a view that reads the columns when a field is asked for) goes to the detectors
 *     that mask reaches and the port observer; detectors that keep an event copy it (`retainEvent`).
 *
 * Lines the fast parser declines (IPv6, export timestamps, header lines, unknown fields, anything
 * malformed) take the object path — `FlowStreamParser` and `FlowEnricher` — in their place in the
 * batch, so results and error messages are those of the object path. Both paths give detectors the
 * same events; `ingest.test.ts` runs whole inputs through both and compares the findings.
 */

// Column ops of the fast parser.
const OP_NUM = 0;
const OP_IP4 = 1;
const OP_STR = 2;
const OP_ACTION = 3;
const OP_STATUS = 4;
const OP_DIR = 5;

const ACTIONS = [undefined, 'ACCEPT', 'REJECT'] as const;
const STATUSES = [undefined, 'OK', 'NODATA', 'SKIPDATA'] as const;
const DIRECTIONS = [undefined, 'ingress', 'egress'] as const;

type Key = keyof FlowRecord;
const IP_KEYS: ReadonlySet<Key> = new Set<Key>(['srcAddr', 'dstAddr', 'pktSrcAddr', 'pktDstAddr']);

/** How a format's fields map to columns; null when some field needs the object path (extra fields). */
interface Plan {
  format: FlowFormat;
  ops: Uint8Array;
  keys: Key[];
  /** AWS's default v2 layout (most flow logs): `parseV2` reads it. */
  v2: boolean;
}
const V2_NAMES = V2_FIELDS.join(' ');
const plans = new WeakMap<FlowFormat, Plan | null>();
function planOf(format: FlowFormat): Plan | null {
  let p = plans.get(format);
  if (p !== undefined) return p;
  const ops = new Uint8Array(format.fields.length);
  const keys: Key[] = [];
  p = { format, ops, keys, v2: format.names.join(' ') === V2_NAMES };
  for (let i = 0; i < format.fields.length; i++) {
    const f = format.fields[i];
    if (!f || f.key === null || keys.includes(f.key)) {
      p = null;
      break;
    }
    ops[i] = IP_KEYS.has(f.key)
      ? OP_IP4
      : f.kind === 'int'
        ? OP_NUM
        : f.kind === 'str'
          ? OP_STR
          : f.kind === 'action'
            ? OP_ACTION
            : f.kind === 'status'
              ? OP_STATUS
              : OP_DIR;
    keys.push(f.key);
  }
  plans.set(format, p);
  return p;
}

/** FNV-1a over bytes: the interner's hash. */
const FNV_SEED = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Byte strings → small ints, one string object per distinct value. Bounded: past `max` entries it
 * starts over (only between batches, when no column refers to an old index).
 *
 * Each entry's bytes and hash are kept beside its string: a probe compares hashes first and then
 * bytes with bytes (reading a string's characters back was half the lookup's cost).
 */
class Interner {
  strings: string[] = [];
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  /** Per id: its hash, and where its bytes are in `bytes`. */
  private hashes = new Int32Array(1 << 11);
  private offs = new Int32Array((1 << 11) + 1);
  private bytes = new Uint8Array(1 << 15);
  constructor(private readonly max = 200_000) {}

  /** The id of the bytes `s..e`, whose FNV-1a hash (`fnv`) the caller computed while scanning them. */
  intern(buf: Buffer, s: number, e: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === 0) break;
      if (this.hashes[v - 1] === h && this.same(v - 1, buf, s, e)) return v - 1;
      i = (i + 1) & mask;
    }
    return this.add(buf, s, e, h, i);
  }

  /** Whether entry `id` holds the bytes `s..e`. */
  same(id: number, buf: Buffer, s: number, e: number): boolean {
    const offs = this.offs;
    let o = offs[id] as number;
    if ((offs[id + 1] as number) - o !== e - s) return false;
    const bytes = this.bytes;
    for (let k = s; k < e; k++, o++) if (buf[k] !== bytes[o]) return false;
    return true;
  }

  /** Whether entry `id` was hashed to `h` and holds the bytes `s..e` (the scanner's check of a previous line's value). */
  is(id: number, buf: Buffer, s: number, e: number, h: number): boolean {
    return id < this.strings.length && this.hashes[id] === h && this.same(id, buf, s, e);
  }

  private add(buf: Buffer, s: number, e: number, h: number, slot: number): number {
    const id = this.strings.length;
    this.strings.push(text(buf, s, e));
    this.slots[slot] = id + 1;
    if (id + 1 >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const offs = new Int32Array(hashes.length + 1);
      offs.set(this.offs);
      this.offs = offs;
    }
    this.hashes[id] = h;
    const o = this.offs[id] as number;
    if (o + e - s > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, o + e - s));
      bytes.set(this.bytes);
      this.bytes = bytes;
    }
    this.bytes.set(buf.subarray(s, e), o);
    this.offs[id + 1] = o + e - s;
    if (this.strings.length * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.strings.length; id++) {
      let i = (this.hashes[id] as number) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = id + 1;
    }
  }

  /** Starts over when full; true when it did (indices handed out before are void). */
  trim(): boolean {
    if (this.strings.length < this.max) return false;
    this.strings = [];
    this.slots = new Int32Array(1 << 12);
    this.mask = (1 << 12) - 1;
    this.hashes = new Int32Array(1 << 11);
    this.offs = new Int32Array((1 << 11) + 1);
    this.bytes = new Uint8Array(1 << 15);
    return true;
  }
}

/** Whether the field at `i` (first byte `c`) is a lone `-`: "absent" in every format. */
const loneDash = (c: number, buf: Buffer, i: number, e: number): boolean => c === 45 && (i + 1 === e || buf[i + 1] === 32 || buf[i + 1] === 9);

/**
 * One to three digits of a dotted quad at `j` (the object path's rules: no leading zero, at most
 * 255): `value << 2 | digits`, or -1. What follows is the caller's to check.
 */
function octet(buf: Buffer, j: number, e: number): number {
  if (j >= e) return -1;
  let d = (buf[j] as number) - 48;
  if (d >>> 0 > 9) return -1;
  const v = d;
  if (++j >= e) return (v << 2) | 1;
  d = (buf[j] as number) - 48;
  if (d >>> 0 > 9) return (v << 2) | 1;
  if (v === 0) return -1;
  const v2 = v * 10 + d;
  if (++j >= e) return (v2 << 2) | 2;
  d = (buf[j] as number) - 48;
  if (d >>> 0 > 9) return (v2 << 2) | 2;
  const v3 = v2 * 10 + d;
  return v3 > 255 ? -1 : (v3 << 2) | 3;
}

/** `buf.latin1Slice` skips `toString`'s argument handling; it is on every Node Buffer. */
type FastBuffer = Buffer & { latin1Slice(start: number, end: number): string };
const text = (buf: Buffer, s: number, e: number): string => (buf as FastBuffer).latin1Slice(s, e);

// Row kinds.
const FAST = 0;
const SLOW = 1;

export interface FlowBatchSink {
  /** A line became a record (it is counted). */
  record(): void;
  /** A line could not be parsed: its number and the error. */
  error(line: number, e: unknown): void;
  /** `traits`: the event's `flowTraits` mask, when the batch made it from its columns. */
  event(e: FlowEvent, traits?: number): void;
}

export interface FlowBatchDeps {
  index?: AttributionIndex;
  intel?: IntelLookup;
  geo?: { lookup(address: string): GeoInfo | undefined };
  /** Configured field list of headerless custom-format files. */
  format?: FlowFormat;
  /** The run's object-path enricher (shared across objects, as its caches are). */
  enricher?: FlowEnricher;
  /** Read the v2 layout with the generic scanner too (tests compare the two). */
  genericScan?: boolean;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU milliseconds spent per stage (the bench prints them). */
export interface FlowStageTimes {
  parse: number;
  enrich: number;
  detect: number;
}

type V4Intel = { ipv4(n: number): IntelHit | undefined };
const NO_RES = null;

/** One object (file or S3 object) of flow logs through the batch stages. */
export class FlowBatch {
  private readonly parser: FlowStreamParser;
  private readonly enricher: FlowEnricher;
  private readonly strs = new Interner();
  /** The ids of the last account and interface id `parseV2` read (a line's likeliest values). */
  private lastAccount = 0;
  private lastEni = 0;
  private cap = 0;
  private n = 0;
  // Row bookkeeping.
  private kind = new Uint8Array(0);
  private lineNo = new Float64Array(0);
  private bufs: Buffer[] = [];
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private plan: (Plan | null)[] = [];
  private slow: (FlowRecord | Error | null)[] = [];
  /** Parsed fields: one column per format position; NaN is "absent" (`-`). */
  private cols: Float64Array[] = [];
  // Enrichment columns.
  private res: (AttributedResource | undefined)[] = [];
  private remoteRes: (AttributedResource | undefined)[] = [];
  private intelHit: (IntelHit | undefined)[] = [];
  private local = new Float64Array(0);
  private remote = new Float64Array(0);
  private localPort = new Float64Array(0);
  private remotePort = new Float64Array(0);
  private svc = new Float64Array(0);
  /** 0 unknown (no addresses), 1 inbound, 2 outbound. */
  private dir = new Uint8Array(0);
  private external = new Uint8Array(0);
  /** Per interned string: the resource of that ENI (null: none; undefined: not looked up; time-dependent ENIs are not cached). */
  private eniRes: (AttributedResource | null | undefined)[] = [];
  /** Per interned ENI cached in `eniRes`: `AttributionIndex.staticV4Of` its resource (-1: none). */
  private eniV4: number[] = [];
  private readonly v4Intel: V4Intel | undefined;
  /** `subjectOf`'s memory: per interned ENI, the resource last seen on it and its subject number. */
  private snStrings: string[] | undefined;
  private snRes: (AttributedResource | undefined)[] = [];
  private snNo: number[] = [];
  readonly times: FlowStageTimes = { parse: 0, enrich: 0, detect: 0 };

  constructor(
    private readonly deps: FlowBatchDeps,
    private readonly sink: FlowBatchSink,
    private readonly max = 16_384,
  ) {
    this.parser = new FlowStreamParser(deps.format);
    this.enricher =
      deps.enricher ??
      new FlowEnricher({ ...(deps.index && { index: deps.index }), ...(deps.intel && { intel: deps.intel }), ...(deps.geo && { geo: deps.geo }) });
    const i = deps.intel as Partial<V4Intel> | undefined;
    this.v4Intel = typeof i?.ipv4 === 'function' ? (i as V4Intel) : undefined;
  }

  /** Before the resume point: header lines still set the format. */
  skip(buf: Buffer, start: number, end: number): void {
    if (buf[start] !== undefined && (buf[start] as number) > 57) this.parser.line(buf, start, end);
  }

  add(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (this.n === this.cap) this.grow();
    const r = this.n++;
    this.bufs[r] = buf;
    this.starts[r] = start;
    this.ends[r] = end;
    this.lineNo[r] = lineNo;
    if (this.n >= this.max) this.run();
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.kind = u8(this.kind);
    this.lineNo = f64(this.lineNo);
    this.starts = i32(this.starts);
    this.ends = i32(this.ends);
    this.cols = this.cols.map(f64);
    this.local = f64(this.local);
    this.remote = f64(this.remote);
    this.localPort = f64(this.localPort);
    this.remotePort = f64(this.remotePort);
    this.svc = f64(this.svc);
    this.dir = u8(this.dir);
    this.external = u8(this.external);
    this.cap = cap;
  }

  /** Runs the collected rows through the stages and empties the batch. */
  run(): void {
    const n = this.n;
    if (!n) return;
    // CPU time, not wall time: on a shared machine wall time mostly measures the neighbours.
    let t = cpuMs();
    this.parseAll(n);
    let t2 = cpuMs();
    this.times.parse += t2 - t;
    t = t2;
    this.enrichAll(n);
    t2 = cpuMs();
    this.times.enrich += t2 - t;
    t = t2;
    this.detectAll(n);
    t2 = cpuMs();
    this.times.detect += t2 - t;
    this.n = 0;
    this.bufs.fill(undefined as unknown as Buffer, 0, n);
    this.slow.length = 0;
    this.res.fill(undefined, 0, n);
    this.remoteRes.fill(undefined, 0, n);
    this.intelHit.fill(undefined, 0, n);
    if (this.strs.trim()) {
      this.eniRes = [];
      this.eniV4 = [];
    }
  }

  // ---- stage 1: parse ----

  private parseAll(n: number): void {
    let lastFmt: FlowFormat | undefined;
    let plan: Plan | null = null;
    const bufs = this.bufs;
    const starts = this.starts;
    const ends = this.ends;
    const kind = this.kind;
    const plans = this.plan;
    const parser = this.parser;
    const v2 = this.deps.genericScan !== true;
    for (let r = 0; r < n; r++) {
      const buf = bufs[r] as Buffer;
      const s = starts[r] as number;
      let e = ends[r] as number;
      if (e > s && buf[e - 1] === 13) e--;
      const c0 = buf[s] as number;
      const fmt = parser.layout;
      if (fmt !== lastFmt) {
        lastFmt = fmt;
        plan = fmt ? planOf(fmt) : null;
        if (plan) while (this.cols.length < plan.ops.length) this.cols.push(new Float64Array(this.cap));
      }
      if (plan && c0 >= 48 && c0 <= 57 && (plan.v2 && v2 ? this.parseV2(buf, s, e, r) : this.parseFast(buf, s, e, r, plan))) {
        kind[r] = FAST;
        plans[r] = plan;
        continue;
      }
      kind[r] = SLOW;
      try {
        this.slow[r] = parser.line(buf, s, ends[r] as number);
      } catch (err) {
        this.slow[r] = err instanceof Error ? err : new Error(String(err));
      }
    }
  }

  /** One line into row `r`; false (nothing decided) when the line needs the object path. */
  private parseFast(buf: Buffer, s: number, e: number, r: number, plan: Plan): boolean {
    const ops = plan.ops;
    const nf = ops.length;
    const cols = this.cols;
    const strs = this.strs;
    let i = s;
    let f = 0;
    while (i < e) {
      if (f >= nf) return false;
      const col = cols[f] as Float64Array;
      let j = i;
      const c = buf[i] as number;
      if (loneDash(c, buf, i, e)) {
        col[r] = Number.NaN;
        j = i + 1;
      } else {
        switch (ops[f]) {
          // Digits first, with one unsigned compare (space and tab are below '0'): most bytes are digits.
          case OP_NUM: {
            let v = 0;
            for (; j < e; j++) {
              const d = (buf[j] as number) - 48;
              if (d >>> 0 > 9) {
                if (d === -16 || d === -39) break; // space, tab
                return false;
              }
              v = v * 10 + d;
            }
            col[r] = v;
            break;
          }
          case OP_IP4: {
            let v = 0;
            let part = 0;
            let digits = 0;
            let dots = 0;
            for (; j < e; j++) {
              const d = (buf[j] as number) - 48;
              if (d >>> 0 <= 9) {
                // Leading zeros would not print back the same: leave those to the object path.
                if (digits === 1 && part === 0) return false;
                part = part * 10 + d;
                if (++digits > 3 || part > 255) return false;
              } else if (d === -2) {
                // '.'
                if (digits === 0 || ++dots > 3) return false;
                v = v * 256 + part;
                part = 0;
                digits = 0;
              } else if (d === -16 || d === -39) break;
              else return false;
            }
            if (dots !== 3 || digits === 0) return false;
            col[r] = v * 256 + part;
            break;
          }
          case OP_STR: {
            // Hashed while scanned, so the interner does not read the bytes a second time to hash them.
            let h = FNV_SEED;
            for (; j < e; j++) {
              const b = buf[j] as number;
              if (b === 32 || b === 9) break;
              h = Math.imul(h ^ b, FNV_PRIME);
            }
            col[r] = strs.intern(buf, i, j, h);
            break;
          }
          default: {
            while (j < e && buf[j] !== 32 && buf[j] !== 9) j++;
            const code = enumCode(ops[f] as number, buf, i, j - i);
            if (code === 0) return false;
            col[r] = code;
          }
        }
      }
      f++;
      i = j;
      while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
    }
    return f === nf;
  }

  /**
   * `parseFast` for the default v2 layout: each field's scanner is chosen by its position (no op
   * table). It accepts and declines exactly what `parseFast` does (`flow-batch.test.ts` compares
   * the two on odd lines).
   *
   * Each field starts at `i` with its first byte in `c`, read once: the separator skip reads it and
   * the field's scanner starts from it (the dash check too). A field ends at `j`, the end or the
   * space/tab that stopped its scan, which the skip then does not read again.
   */
  private parseV2(buf: Buffer, s: number, e: number, r: number): boolean {
    const cols = this.cols;
    const strs = this.strs;
    let i = s;
    let j = s;
    let c = buf[s] as number;
    let col: Float64Array;
    for (let f = 0; f <= 11; f++) {
      col = cols[f] as Float64Array;
      if (f === 1 || f === 2) {
        // account-id, interface-id: interned, each first tried as the previous line's value (a
        // file's lines mostly share the account, and often the interface)
        if (loneDash(c, buf, i, e)) {
          col[r] = Number.NaN;
          j = i + 1;
        } else {
          let h = Math.imul(FNV_SEED ^ c, FNV_PRIME);
          for (j = i + 1; j < e; j++) {
            const b = buf[j] as number;
            if (b === 32 || b === 9) break;
            h = Math.imul(h ^ b, FNV_PRIME);
          }
          const last = f === 1 ? this.lastAccount : this.lastEni;
          const id = strs.is(last, buf, i, j, h) ? last : strs.intern(buf, i, j, h);
          if (f === 1) this.lastAccount = id;
          else this.lastEni = id;
          col[r] = id;
        }
      } else if (f === 3 || f === 4) {
        // srcaddr, dstaddr
        if ((c - 48) >>> 0 > 9) {
          if (!loneDash(c, buf, i, e)) return false;
          col[r] = Number.NaN;
          j = i + 1;
        } else {
          let v = 0;
          j = i;
          for (let o = 0; ; o++) {
            const p = octet(buf, j, e);
            if (p < 0) return false;
            v = v * 256 + (p >> 2);
            j += p & 3;
            if (o === 3) break;
            if (j >= e || buf[j] !== 46) return false;
            j++;
          }
          if (j < e && buf[j] !== 32 && buf[j] !== 9) return false;
          col[r] = v;
        }
      } else {
        // version, srcport, dstport, protocol, packets, bytes, start, end
        let d = c - 48;
        if (d >>> 0 > 9) {
          // `-` alone is "absent"; any other non-digit is the object path's to read.
          if (!loneDash(c, buf, i, e)) return false;
          col[r] = Number.NaN;
          j = i + 1;
        } else {
          let v = d;
          for (j = i + 1; j < e; j++) {
            d = (buf[j] as number) - 48;
            if (d >>> 0 > 9) {
              if (d === -16 || d === -39) break;
              return false;
            }
            v = v * 10 + d;
          }
          col[r] = v;
        }
      }
      // The next field: past `j` (a separator) and any more spaces and tabs.
      if (j >= e) return false;
      for (i = j + 1; ; i++) {
        if (i >= e) return false;
        c = buf[i] as number;
        if (c !== 32 && c !== 9) break;
      }
    }
    // action, log-status
    for (let f = 12; f <= 13; f++) {
      col = cols[f] as Float64Array;
      j = i + 1;
      while (j < e && buf[j] !== 32 && buf[j] !== 9) j++;
      if (c === 45 && j === i + 1) col[r] = Number.NaN;
      else {
        const code = enumCode(f === 12 ? OP_ACTION : OP_STATUS, buf, i, j - i);
        if (code === 0) return false;
        col[r] = code;
      }
      for (i = j; i < e; i++) {
        c = buf[i] as number;
        if (c !== 32 && c !== 9) break;
      }
      // log-status must follow; after it, only spaces and tabs.
      if (f === 12 && i >= e) return false;
    }
    return i === e;
  }

  // ---- stage 2: enrich ----

  private colOf(plan: Plan, key: Key): Float64Array | undefined {
    const i = plan.keys.indexOf(key);
    return i < 0 ? undefined : this.cols[i];
  }

  private enrichAll(n: number): void {
    const idx = this.deps.index;
    let plan: Plan | undefined;
    let cEni: Float64Array | undefined;
    let cSrc: Float64Array | undefined;
    let cDst: Float64Array | undefined;
    let cPktSrc: Float64Array | undefined;
    let cPktDst: Float64Array | undefined;
    let cSp: Float64Array | undefined;
    let cDp: Float64Array | undefined;
    let cProto: Float64Array | undefined;
    let cFlags: Float64Array | undefined;
    let cAction: Float64Array | undefined;
    let cFdir: Float64Array | undefined;
    let cStart: Float64Array | undefined;
    // The batch's columns in locals: the lookups below are calls, after which V8 would reload every `this.x`.
    const kind = this.kind;
    const plans = this.plan;
    const eniRes = this.eniRes;
    const eniV4 = this.eniV4;
    const strings = this.strs.strings;
    const res = this.res;
    const remoteResCol = this.remoteRes;
    const intelHit = this.intelHit;
    const localCol = this.local;
    const remoteCol = this.remote;
    const localPortCol = this.localPort;
    const remotePortCol = this.remotePort;
    const svcCol = this.svc;
    const dirCol = this.dir;
    const externalCol = this.external;
    const intel = this.deps.intel;
    const v4Intel = this.v4Intel;
    for (let r = 0; r < n; r++) {
      if (kind[r] !== FAST) continue;
      const p = plans[r] as Plan;
      if (p !== plan) {
        plan = p;
        cEni = this.colOf(p, 'interfaceId');
        cSrc = this.colOf(p, 'srcAddr');
        cDst = this.colOf(p, 'dstAddr');
        cPktSrc = this.colOf(p, 'pktSrcAddr');
        cPktDst = this.colOf(p, 'pktDstAddr');
        cSp = this.colOf(p, 'srcPort');
        cDp = this.colOf(p, 'dstPort');
        cProto = this.colOf(p, 'protocol');
        cFlags = this.colOf(p, 'tcpFlags');
        cAction = this.colOf(p, 'action');
        cFdir = this.colOf(p, 'flowDirection');
        cStart = this.colOf(p, 'start');
      }
      const start = cStart ? (cStart[r] as number) : Number.NaN;
      const time = !Number.isNaN(start) ? start * 1000 : 0;
      // Our end by ENI (cached per interned ENI when its owner does not move).
      let resource: AttributedResource | undefined;
      const eni = cEni ? (cEni[r] as number) : Number.NaN;
      if (idx && !Number.isNaN(eni)) {
        const cached = eniRes[eni];
        if (cached !== undefined) resource = cached ?? undefined;
        else {
          const id = strings[eni] as string;
          resource = idx.eni(id, time);
          if (idx.eniIsStatic(id)) {
            eniRes[eni] = resource ?? NO_RES;
            eniV4[eni] = resource ? idx.staticV4Of(resource.id) : -1;
          }
        }
      }
      const src = cSrc ? (cSrc[r] as number) : Number.NaN;
      const dst = cDst ? (cDst[r] as number) : Number.NaN;
      if (Number.isNaN(src) || Number.isNaN(dst)) {
        res[r] = resource ?? this.fallback(p, r);
        dirCol[r] = 0;
        externalCol[r] = 0;
        localCol[r] = Number.NaN;
        remoteCol[r] = Number.NaN;
        continue;
      }
      // The first match below decides, as if both ends were looked up: our end's lookup is skipped
      // when it is the static ENI's own address (its result would be `resource`, and it goes unused).
      const own = resource && !Number.isNaN(eni) ? (eniV4[eni] ?? -1) : -1;
      let dstRes: AttributedResource | undefined;
      let srcRes: AttributedResource | undefined;
      let localIsDst: boolean;
      if (dst === own) {
        localIsDst = true;
        srcRes = idx?.addressV4(src, time);
      } else {
        dstRes = idx?.addressV4(dst, time);
        if (resource && dstRes?.id === resource.id) {
          localIsDst = true;
          srcRes = idx?.addressV4(src, time);
        } else if (src === own) localIsDst = false;
        else {
          srcRes = idx?.addressV4(src, time);
          const fdir = cFdir ? (cFdir[r] as number) : Number.NaN;
          if (resource && srcRes?.id === resource.id) localIsDst = false;
          else if (!Number.isNaN(fdir)) localIsDst = fdir === 1;
          else if (dstRes && !srcRes) localIsDst = true;
          else if (srcRes && !dstRes) localIsDst = false;
          else localIsDst = isPrivateV4(dst) || !isPrivateV4(src);
        }
      }
      resource ??= (localIsDst ? dstRes : srcRes) ?? this.fallback(p, r);
      res[r] = resource;
      const local = localIsDst ? dst : src;
      localCol[r] = local;
      const sp = cSp ? (cSp[r] as number) : Number.NaN;
      const dp = cDp ? (cDp[r] as number) : Number.NaN;
      localPortCol[r] = localIsDst ? dp : sp;
      remotePortCol[r] = localIsDst ? sp : dp;
      let remote = localIsDst ? src : dst;
      const pktCol = localIsDst ? cPktSrc : cPktDst;
      const pkt = pktCol ? (pktCol[r] as number) : Number.NaN;
      if (!Number.isNaN(pkt) && pkt !== remote && pkt !== local) remote = pkt;
      remoteCol[r] = remote;
      const remoteRes = localIsDst ? srcRes : dstRes;
      remoteResCol[r] = remoteRes && remoteRes.id !== resource?.id ? remoteRes : undefined;
      const flags = cFlags ? (cFlags[r] as number) : Number.NaN;
      const proto = cProto ? (cProto[r] as number) : Number.NaN;
      const srcInit = sourceInitiatedBy(
        cAction !== undefined && cAction[r] === 2,
        !Number.isNaN(flags) ? flags : -1,
        !Number.isNaN(proto) ? proto : -1,
        !Number.isNaN(sp) ? sp : -1,
        !Number.isNaN(dp) ? dp : -1,
      );
      dirCol[r] = srcInit === localIsDst ? 1 : 2;
      svcCol[r] = srcInit ? dp : sp;
      const external = !remoteRes && !isPrivateV4(remote);
      externalCol[r] = external ? 1 : 0;
      if (external && intel) intelHit[r] = v4Intel ? v4Intel.ipv4(remote) : intel.ip(v4Text(remote));
    }
  }

  /** The resource a record names itself (no inventory), through the object path's cache. */
  private fallback(p: Plan, r: number): AttributedResource | undefined {
    const f: FlowRecord = { version: 0 };
    for (const key of ['instanceId', 'interfaceId', 'account', 'region'] as const) {
      const c = this.colOf(p, key);
      const v = c ? (c[r] as number) : Number.NaN;
      if (!Number.isNaN(v)) f[key] = this.strs.strings[v] as string;
    }
    return this.enricher.fallback(f);
  }

  // ---- stage 3: detect ----

  private detectAll(n: number): void {
    let plan: Plan | undefined;
    let flow = new RowFlowRecord([], [], this.strs.strings);
    let c: Partial<Record<Key, Float64Array>> = {};
    let others: number[] = [];
    let cStart: Float64Array | undefined;
    let cEnd: Float64Array | undefined;
    let cEni: Float64Array | undefined;
    let cAction: Float64Array | undefined;
    let cStatus: Float64Array | undefined;
    let cPackets: Float64Array | undefined;
    const ev = new ReusedFlowEvent();
    const sink = this.sink;
    const geo = this.deps.geo;
    const strs = this.strs.strings;
    for (let r = 0; r < n; r++) {
      if (this.kind[r] !== FAST) {
        const rec = this.slow[r];
        if (rec instanceof Error) sink.error(this.lineNo[r] as number, rec);
        else if (rec) {
          sink.record();
          try {
            sink.event(this.enricher.enrich(rec));
          } catch (err) {
            sink.error(this.lineNo[r] as number, err);
          }
        }
        continue;
      }
      const p = this.plan[r] as Plan;
      if (p !== plan) {
        plan = p;
        // One record view per format: the common fields read their column when asked, the rest are
        // set per row by a short loop.
        c = {};
        others = [];
        p.keys.forEach((k, i) => {
          c[k] = this.cols[i];
          if (!NAMED.has(k)) others.push(i);
        });
        flow = new RowFlowRecord(p.keys, this.cols.slice(0, p.keys.length), strs);
        cStart = c.start;
        cEnd = c.end;
        cEni = c.interfaceId;
        cAction = c.action;
        cStatus = c.logStatus;
        cPackets = c.packets;
      }
      flow.r = r;
      for (const i of others) {
        const v = (this.cols[i] as Float64Array)[r] as number;
        (flow as unknown as Record<string, unknown>)[plan.keys[i] as string] = Number.isNaN(v) ? undefined : plan.ops[i] === OP_STR ? strs[v] : v;
      }
      sink.record();
      const start = cStart ? (cStart[r] as number) : Number.NaN;
      const end = cEnd ? (cEnd[r] as number) : Number.NaN;
      ev.flow = flow;
      ev.time = !Number.isNaN(start) ? start * 1000 : 0;
      ev.endTime = !Number.isNaN(end) ? end * 1000 : ev.time;
      const res = this.res[r];
      ev.resource = res;
      ev.subjectNo = this.subjectOf(res, cEni ? (cEni[r] as number) : Number.NaN);
      const d = this.dir[r] as number;
      if (d === 0) {
        ev.direction = 'unknown';
        ev.localV4 = Number.NaN;
        ev.localPort = undefined;
        ev.rV4 = Number.NaN;
        ev.remotePort = undefined;
        ev.remoteResource = undefined;
        ev.servicePort = undefined;
        ev.remoteExternal = false;
        ev.remoteIntel = undefined;
        ev.remoteGeo = undefined;
      } else {
        ev.direction = d === 1 ? 'inbound' : 'outbound';
        ev.localV4 = this.local[r] as number;
        ev.rV4 = this.remote[r] as number;
        ev.localPort = num(this.localPort[r] as number);
        ev.remotePort = num(this.remotePort[r] as number);
        ev.remoteResource = this.remoteRes[r];
        ev.servicePort = num(this.svc[r] as number);
        ev.remoteExternal = this.external[r] === 1;
        ev.remoteIntel = this.intelHit[r];
        ev.remoteGeo = ev.remoteExternal && geo ? this.enricher.geoOf(v4Text(this.remote[r] as number)) : undefined;
      }
      const act = cAction ? (cAction[r] as number) : Number.NaN;
      const st = cStatus ? (cStatus[r] as number) : Number.NaN;
      const packets = cPackets ? (cPackets[r] as number) : Number.NaN;
      const traits = traitBits(
        d,
        act === 2,
        st === 2 ? TRAIT_STATUS.noData : st === 3 ? TRAIT_STATUS.skipData : TRAIT_STATUS.ok,
        ev.remoteExternal,
        ev.remoteIntel !== undefined,
        ev.servicePort ?? Number.NaN,
        Number.isNaN(packets) ? 0 : packets,
        ev.remoteResource === undefined,
      );
      try {
        sink.event(ev, traits);
      } catch (err) {
        sink.error(this.lineNo[r] as number, err);
      }
    }
  }

  /**
   * `subjectNum` of a row's resource, remembered per interned ENI: rows of one ENI nearly always name
   * its resource, so this is two array reads instead of a lookup by id text.
   */
  private subjectOf(res: AttributedResource | undefined, eni: number): number {
    if (!res) return -1;
    if (Number.isNaN(eni)) return subjectNumOf(res);
    if (this.snStrings !== this.strs.strings) {
      // The interner started over: its indices name other strings now.
      this.snStrings = this.strs.strings;
      this.snRes = [];
      this.snNo = [];
    }
    if (this.snRes[eni] === res) return this.snNo[eni] as number;
    const n = subjectNumOf(res);
    this.snRes[eni] = res;
    this.snNo[eni] = n;
    return n;
  }

  /** Flushes the batch (end of an object or of a read chunk). */
  finish(): void {
    this.run();
  }
}

const num = (v: number): number | undefined => (!Number.isNaN(v) ? v : undefined);
const orZero = (v: number): number => (!Number.isNaN(v) ? v : 0);
const str = (strs: string[], v: number): string | undefined => (!Number.isNaN(v) ? strs[v] : undefined);

/** Fields `RowFlowRecord` and `HeldFlowRecord` have as named properties; any other field of a format is set by name. */
const NAMED: ReadonlySet<Key> = new Set<Key>([
  'version',
  'account',
  'interfaceId',
  'srcAddr',
  'dstAddr',
  'pktSrcAddr',
  'pktDstAddr',
  'srcPort',
  'dstPort',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'logStatus',
  'tcpFlags',
  'flowDirection',
]);

// Places of the named fields' raw column values in a `HeldFlowRecord` (NaN: absent).
const H_VERSION = 0;
const H_ACCOUNT = 1;
const H_ENI = 2;
const H_SRC = 3;
const H_DST = 4;
const H_PKT_SRC = 5;
const H_PKT_DST = 6;
const H_SRC_PORT = 7;
const H_DST_PORT = 8;
const H_PROTOCOL = 9;
const H_PACKETS = 10;
const H_BYTES = 11;
const H_START = 12;
const H_END = 13;
const H_ACTION = 14;
const H_LOG_STATUS = 15;
const H_TCP_FLAGS = 16;
const H_FLOW_DIRECTION = 17;
const H_FIELDS = 18;

/**
 * A kept copy of a row's flow record (`RowFlowRecord.clone`): the row's raw column values (numbers,
 * interned string numbers) in one typed array, read the same way as the row's view. Copying is
 * typed-array stores only: as object fields (boxed numbers, string pointers) copies of evidence cost
 * about as much as the detectors keeping them. The volume baseline, which keeps nearly every outbound
 * record in case its hour fires, keeps only the values (`ReusedFlowEvent[KEEP]`) and has these made
 * for a firing hour's records (`heldFromKept`).
 */
class HeldFlowRecord implements FlowRecord {
  readonly v = new Float64Array(H_FIELDS).fill(Number.NaN);
  /** The interner's strings the values number (a trimmed interner starts a new array; this one stays). */
  strs: readonly string[] = NO_STRS;
  /** The format's fields beyond the named ones: what a copy holds besides those (shared by copies). */
  private otherKeys: readonly Key[];
  constructor(keys: readonly Key[], otherKeys?: readonly Key[]) {
    this.otherKeys = otherKeys ?? keys.filter((k) => !NAMED.has(k));
  }

  get version(): number {
    return orZero(this.v[H_VERSION] as number);
  }
  get account(): string | undefined {
    return str(this.strs as string[], this.v[H_ACCOUNT] as number);
  }
  get interfaceId(): string | undefined {
    return str(this.strs as string[], this.v[H_ENI] as number);
  }
  get srcV4(): number {
    return this.v[H_SRC] as number;
  }
  get dstV4(): number {
    return this.v[H_DST] as number;
  }
  get pktSrcV4(): number {
    return this.v[H_PKT_SRC] as number;
  }
  get pktDstV4(): number {
    return this.v[H_PKT_DST] as number;
  }
  get srcAddr(): string | undefined {
    return ipText(this.srcV4);
  }
  get dstAddr(): string | undefined {
    return ipText(this.dstV4);
  }
  get pktSrcAddr(): string | undefined {
    return ipText(this.pktSrcV4);
  }
  get pktDstAddr(): string | undefined {
    return ipText(this.pktDstV4);
  }
  get srcPort(): number | undefined {
    return num(this.v[H_SRC_PORT] as number);
  }
  get dstPort(): number | undefined {
    return num(this.v[H_DST_PORT] as number);
  }
  get protocol(): number | undefined {
    return num(this.v[H_PROTOCOL] as number);
  }
  get packets(): number | undefined {
    return num(this.v[H_PACKETS] as number);
  }
  get bytes(): number | undefined {
    return num(this.v[H_BYTES] as number);
  }
  get start(): number | undefined {
    return num(this.v[H_START] as number);
  }
  get end(): number | undefined {
    return num(this.v[H_END] as number);
  }
  get action(): FlowRecord['action'] {
    return ACTIONS[this.v[H_ACTION] as number];
  }
  get logStatus(): FlowRecord['logStatus'] {
    return STATUSES[this.v[H_LOG_STATUS] as number];
  }
  get tcpFlags(): number | undefined {
    return num(this.v[H_TCP_FLAGS] as number);
  }
  get flowDirection(): FlowRecord['flowDirection'] {
    return DIRECTIONS[this.v[H_FLOW_DIRECTION] as number];
  }

  /** A new copy's fields from a `KeptEvents` slot (see `ReusedFlowEvent[KEEP]`); the same as `take` gives. */
  fromKept(nums: Float64Array, o: number, refs: readonly unknown[], p: number): void {
    for (let k = 0; k < H_FIELDS; k++) this.v[k] = nums[o + k] as number;
    this.strs = refs[p + R_STRS] as readonly string[];
    const otherKeys = refs[p + R_OTHER_KEYS] as readonly Key[];
    this.otherKeys = otherKeys;
    const to = this as unknown as Record<string, unknown>;
    for (let j = 0; j < otherKeys.length; j++) {
      const v = refs[p + R_OTHERS + j];
      if (v !== undefined) to[otherKeys[j] as string] = v;
    }
  }

  /**
   * Takes a row's fields (`src`: the current row's view, which writes its raw values into `v`), into
   * this fresh copy made for the row's format (its `otherKeys`): a copy that outlives the row.
   */
  take(src: RowFlowRecord): void {
    src.copyRow(this.v);
    this.strs = src.strs;
    const to = this as unknown as Record<string, unknown>;
    // Only the fields that are set, as the row's own record has them.
    for (const k of this.otherKeys) {
      const v = (src as unknown as Record<string, unknown>)[k];
      if (v !== undefined) to[k] = v;
    }
  }
}

const NO_STRS: readonly string[] = [];

/**
 * The flow record of the detect stage's current row (`r`), read from the batch's columns when a field
 * is asked for: most records are looked at by two or three detectors that read a few fields, so
 * filling all of them per row was most of the stage's own cost. Fields of a format beyond the named
 * ones are set per row by name. A copy that outlives the row is a `HeldFlowRecord` (`clone`).
 */
class RowFlowRecord implements FlowRecord {
  r = 0;
  private readonly cVersion: Float64Array | undefined;
  private readonly cAccount: Float64Array | undefined;
  private readonly cInterfaceId: Float64Array | undefined;
  private readonly cSrc: Float64Array | undefined;
  private readonly cDst: Float64Array | undefined;
  private readonly cPktSrc: Float64Array | undefined;
  private readonly cPktDst: Float64Array | undefined;
  private readonly cSrcPort: Float64Array | undefined;
  private readonly cDstPort: Float64Array | undefined;
  private readonly cProtocol: Float64Array | undefined;
  private readonly cPackets: Float64Array | undefined;
  private readonly cBytes: Float64Array | undefined;
  private readonly cStart: Float64Array | undefined;
  private readonly cEnd: Float64Array | undefined;
  private readonly cAction: Float64Array | undefined;
  private readonly cLogStatus: Float64Array | undefined;
  private readonly cTcpFlags: Float64Array | undefined;
  private readonly cFlowDirection: Float64Array | undefined;
  /** The format's fields beyond the named ones (what a copy holds besides those). */
  readonly otherKeys: readonly Key[];

  constructor(
    keys: readonly Key[],
    cols: readonly Float64Array[],
    readonly strs: readonly string[],
  ) {
    const col = (k: Key) => {
      const i = keys.indexOf(k);
      return i < 0 ? undefined : cols[i];
    };
    this.cVersion = col('version');
    this.cAccount = col('account');
    this.cInterfaceId = col('interfaceId');
    this.cSrc = col('srcAddr');
    this.cDst = col('dstAddr');
    this.cPktSrc = col('pktSrcAddr');
    this.cPktDst = col('pktDstAddr');
    this.cSrcPort = col('srcPort');
    this.cDstPort = col('dstPort');
    this.cProtocol = col('protocol');
    this.cPackets = col('packets');
    this.cBytes = col('bytes');
    this.cStart = col('start');
    this.cEnd = col('end');
    this.cAction = col('action');
    this.cLogStatus = col('logStatus');
    this.cTcpFlags = col('tcpFlags');
    this.cFlowDirection = col('flowDirection');
    this.otherKeys = keys.filter((k) => !NAMED.has(k));
  }

  get version(): number {
    return this.cVersion ? orZero(this.cVersion[this.r] as number) : 0;
  }
  get account(): string | undefined {
    return this.cAccount ? str(this.strs as string[], this.cAccount[this.r] as number) : undefined;
  }
  get interfaceId(): string | undefined {
    return this.cInterfaceId ? str(this.strs as string[], this.cInterfaceId[this.r] as number) : undefined;
  }
  get srcV4(): number {
    return this.cSrc ? (this.cSrc[this.r] as number) : Number.NaN;
  }
  get dstV4(): number {
    return this.cDst ? (this.cDst[this.r] as number) : Number.NaN;
  }
  get pktSrcV4(): number {
    return this.cPktSrc ? (this.cPktSrc[this.r] as number) : Number.NaN;
  }
  get pktDstV4(): number {
    return this.cPktDst ? (this.cPktDst[this.r] as number) : Number.NaN;
  }
  get srcAddr(): string | undefined {
    return ipText(this.srcV4);
  }
  get dstAddr(): string | undefined {
    return ipText(this.dstV4);
  }
  get pktSrcAddr(): string | undefined {
    return ipText(this.pktSrcV4);
  }
  get pktDstAddr(): string | undefined {
    return ipText(this.pktDstV4);
  }
  get srcPort(): number | undefined {
    return this.cSrcPort ? num(this.cSrcPort[this.r] as number) : undefined;
  }
  get dstPort(): number | undefined {
    return this.cDstPort ? num(this.cDstPort[this.r] as number) : undefined;
  }
  get protocol(): number | undefined {
    return this.cProtocol ? num(this.cProtocol[this.r] as number) : undefined;
  }
  get packets(): number | undefined {
    return this.cPackets ? num(this.cPackets[this.r] as number) : undefined;
  }
  get bytes(): number | undefined {
    return this.cBytes ? num(this.cBytes[this.r] as number) : undefined;
  }
  get start(): number | undefined {
    return this.cStart ? num(this.cStart[this.r] as number) : undefined;
  }
  get end(): number | undefined {
    return this.cEnd ? num(this.cEnd[this.r] as number) : undefined;
  }
  get action(): FlowRecord['action'] {
    return this.cAction ? ACTIONS[this.cAction[this.r] as number] : undefined;
  }
  get logStatus(): FlowRecord['logStatus'] {
    return this.cLogStatus ? STATUSES[this.cLogStatus[this.r] as number] : undefined;
  }
  get tcpFlags(): number | undefined {
    return this.cTcpFlags ? num(this.cTcpFlags[this.r] as number) : undefined;
  }
  get flowDirection(): FlowRecord['flowDirection'] {
    return this.cFlowDirection ? DIRECTIONS[this.cFlowDirection[this.r] as number] : undefined;
  }

  /** Writes the row's raw values of the named fields into `v` from `o` (`HeldFlowRecord`'s places; NaN: absent). */
  copyRow(v: Float64Array, o = 0): void {
    const r = this.r;
    v[o + H_VERSION] = this.cVersion ? (this.cVersion[r] as number) : Number.NaN;
    v[o + H_ACCOUNT] = this.cAccount ? (this.cAccount[r] as number) : Number.NaN;
    v[o + H_ENI] = this.cInterfaceId ? (this.cInterfaceId[r] as number) : Number.NaN;
    v[o + H_SRC] = this.cSrc ? (this.cSrc[r] as number) : Number.NaN;
    v[o + H_DST] = this.cDst ? (this.cDst[r] as number) : Number.NaN;
    v[o + H_PKT_SRC] = this.cPktSrc ? (this.cPktSrc[r] as number) : Number.NaN;
    v[o + H_PKT_DST] = this.cPktDst ? (this.cPktDst[r] as number) : Number.NaN;
    v[o + H_SRC_PORT] = this.cSrcPort ? (this.cSrcPort[r] as number) : Number.NaN;
    v[o + H_DST_PORT] = this.cDstPort ? (this.cDstPort[r] as number) : Number.NaN;
    v[o + H_PROTOCOL] = this.cProtocol ? (this.cProtocol[r] as number) : Number.NaN;
    v[o + H_PACKETS] = this.cPackets ? (this.cPackets[r] as number) : Number.NaN;
    v[o + H_BYTES] = this.cBytes ? (this.cBytes[r] as number) : Number.NaN;
    v[o + H_START] = this.cStart ? (this.cStart[r] as number) : Number.NaN;
    v[o + H_END] = this.cEnd ? (this.cEnd[r] as number) : Number.NaN;
    v[o + H_ACTION] = this.cAction ? (this.cAction[r] as number) : Number.NaN;
    v[o + H_LOG_STATUS] = this.cLogStatus ? (this.cLogStatus[r] as number) : Number.NaN;
    v[o + H_TCP_FLAGS] = this.cTcpFlags ? (this.cTcpFlags[r] as number) : Number.NaN;
    v[o + H_FLOW_DIRECTION] = this.cFlowDirection ? (this.cFlowDirection[r] as number) : Number.NaN;
  }

  /** A copy that outlives the row (addresses stay numbers; their text is made only when read). */
  clone(): HeldFlowRecord {
    const c = new HeldFlowRecord(NO_KEYS, this.otherKeys);
    c.take(this);
    return c;
  }
}

const NO_KEYS: readonly Key[] = [];

const ipText = (v: number): string | undefined => (!Number.isNaN(v) ? v4Text(v) : undefined);

/** The bytes at `s` spell `lit` (whose length the caller checked). */
function eq(buf: Buffer, s: number, lit: string): boolean {
  for (let k = 1; k < lit.length; k++) if (buf[s + k] !== lit.charCodeAt(k)) return false;
  return true;
}

function enumCode(op: number, buf: Buffer, s: number, len: number): number {
  const c = buf[s];
  if (op === OP_ACTION) {
    if (len !== 6) return 0;
    if (c === 65 && eq(buf, s, 'ACCEPT')) return 1;
    if (c === 82 && eq(buf, s, 'REJECT')) return 2;
    return 0;
  }
  if (op === OP_STATUS) {
    if (len === 2 && c === 79 && buf[s + 1] === 75) return 1;
    if (len === 6 && c === 78 && eq(buf, s, 'NODATA')) return 2;
    if (len === 8 && c === 83 && eq(buf, s, 'SKIPDATA')) return 3;
    return 0;
  }
  if (len === 7 && c === 105 && eq(buf, s, 'ingress')) return 1;
  if (len === 6 && c === 101 && eq(buf, s, 'egress')) return 2;
  return 0;
}

/**
 * What the batch path's events share: the fields in one fixed shape, and the addresses kept as
 * numbers whose text is made only when read.
 */
abstract class ColumnFlowEvent implements FlowEvent {
  abstract flow: FlowEvent['flow'];
  time = 0;
  endTime = 0;
  resource: AttributedResource | undefined = undefined;
  localPort: number | undefined = undefined;
  remotePort: number | undefined = undefined;
  remoteResource: AttributedResource | undefined = undefined;
  direction: FlowEvent['direction'] = 'unknown';
  servicePort: number | undefined = undefined;
  remoteExternal = false;
  remoteIntel: IntelHit | undefined = undefined;
  remoteGeo: GeoInfo | undefined = undefined;
  /** Our IPv4 address as a number (NaN: none). */
  localV4 = Number.NaN;
  /**
   * `remoteV4` as a double field (NaN: none): peers are mostly above the small-integer range, and a
   * field that may hold `undefined` boxes each such number in a new heap object — per row in the
   * reused event, and per kept copy in a `HeldFlowEvent`, where the boxes outlive young collections.
   */
  rV4 = Number.NaN;
  subjectNo = -1;
  get remoteV4(): number | undefined {
    return Number.isNaN(this.rV4) ? undefined : this.rV4;
  }
  /** `local` and `remote` print from the numbers: detectors group by the numbers without checking. */
  get [V4_EXACT](): true {
    return true;
  }

  get local(): string | undefined {
    return !Number.isNaN(this.localV4) ? v4Text(this.localV4) : undefined;
  }

  get remote(): string | undefined {
    return Number.isNaN(this.rV4) ? undefined : v4Text(this.rV4);
  }
}

/**
 * The event the detect stage refills for every record. `retainEvent` copies it into a `HeldFlowEvent`:
 * every field the object path's event has, read the same way (addresses as text on read), at the
 * cost of two fixed-shape objects — detectors that keep evidence would otherwise build strings and
 * dictionaries per record. `KeptEvents.keep` writes its values into flat arrays instead (`[KEEP]`).
 */
class ReusedFlowEvent extends ColumnFlowEvent {
  flow: RowFlowRecord = new RowFlowRecord([], [], []);

  // Only the reused event is written field by field; an accessor pair, as a lone setter would hide the base's getter.
  override get remoteV4(): number | undefined {
    return Number.isNaN(this.rV4) ? undefined : this.rV4;
  }
  override set remoteV4(v: number | undefined) {
    this.rV4 = v ?? Number.NaN;
  }

  [RETAIN](): FlowEvent {
    return new HeldFlowEvent(this);
  }

  /** Writes what a `HeldFlowEvent` of this event holds into slot `i` (rebuilt by `heldFromKept`). */
  [KEEP](into: KeptEvents<FlowEvent>, i: number): void {
    const f = this.flow;
    const others = f.otherKeys;
    const refs = into.refs;
    const p = i * KEPT_REFS;
    if (others.length > KEPT_REFS - R_OTHERS) {
      // More fields than a slot has room for: a copy of its own.
      refs[p] = heldItself;
      refs[p + 1] = new HeldFlowEvent(this);
      return;
    }
    const nums = into.nums;
    const o = i * KEPT_NUMS;
    f.copyRow(nums, o);
    nums[o + K_TIME] = this.time;
    nums[o + K_END_TIME] = this.endTime;
    nums[o + K_LOCAL_PORT] = this.localPort ?? Number.NaN;
    nums[o + K_REMOTE_PORT] = this.remotePort ?? Number.NaN;
    nums[o + K_SERVICE_PORT] = this.servicePort ?? Number.NaN;
    nums[o + K_LOCAL_V4] = this.localV4;
    nums[o + K_REMOTE_V4] = this.rV4;
    nums[o + K_SUBJECT] = this.subjectNo;
    nums[o + K_EXTERNAL] = this.remoteExternal ? 1 : 0;
    refs[p] = heldFromKept;
    refs[p + R_STRS] = f.strs;
    refs[p + R_RESOURCE] = this.resource;
    refs[p + R_REMOTE_RESOURCE] = this.remoteResource;
    refs[p + R_INTEL] = this.remoteIntel;
    refs[p + R_GEO] = this.remoteGeo;
    refs[p + R_DIRECTION] = this.direction;
    refs[p + R_OTHER_KEYS] = others;
    for (let j = 0; j < others.length; j++) refs[p + R_OTHERS + j] = (f as unknown as Record<string, unknown>)[others[j] as string];
  }
}

// A `KeptEvents` slot of a `ReusedFlowEvent`: its record's raw values at 0 (`H_FIELDS` of them, in
// `HeldFlowRecord`'s places), then the event's numbers (NaN: undefined; K_EXTERNAL < KEPT_NUMS);
// references after the maker.
const K_TIME = H_FIELDS;
const K_END_TIME = H_FIELDS + 1;
const K_LOCAL_PORT = H_FIELDS + 2;
const K_REMOTE_PORT = H_FIELDS + 3;
const K_SERVICE_PORT = H_FIELDS + 4;
const K_LOCAL_V4 = H_FIELDS + 5;
const K_REMOTE_V4 = H_FIELDS + 6;
const K_SUBJECT = H_FIELDS + 7;
const K_EXTERNAL = H_FIELDS + 8;
const R_STRS = 1;
const R_RESOURCE = 2;
const R_REMOTE_RESOURCE = 3;
const R_INTEL = 4;
const R_GEO = 5;
const R_DIRECTION = 6;
const R_OTHER_KEYS = 7;
/** The format's fields beyond the named ones, in `otherKeys` order. */
const R_OTHERS = 8;

/** The event of a slot `ReusedFlowEvent[KEEP]` wrote: a new `HeldFlowEvent`, as `retainEvent` would have made then. */
function heldFromKept(from: KeptEvents<FlowEvent>, i: number): FlowEvent {
  const nums = from.nums;
  const refs = from.refs;
  const o = i * KEPT_NUMS;
  const p = i * KEPT_REFS;
  const e = new HeldFlowEvent();
  e.flow.fromKept(nums, o, refs, p);
  e.time = nums[o + K_TIME] as number;
  e.endTime = nums[o + K_END_TIME] as number;
  e.resource = refs[p + R_RESOURCE] as AttributedResource | undefined;
  e.localPort = num(nums[o + K_LOCAL_PORT] as number);
  e.remotePort = num(nums[o + K_REMOTE_PORT] as number);
  e.remoteResource = refs[p + R_REMOTE_RESOURCE] as AttributedResource | undefined;
  e.direction = refs[p + R_DIRECTION] as FlowEvent['direction'];
  e.servicePort = num(nums[o + K_SERVICE_PORT] as number);
  e.remoteExternal = nums[o + K_EXTERNAL] === 1;
  e.remoteIntel = refs[p + R_INTEL] as IntelHit | undefined;
  e.remoteGeo = refs[p + R_GEO] as GeoInfo | undefined;
  e.localV4 = nums[o + K_LOCAL_V4] as number;
  e.rV4 = nums[o + K_REMOTE_V4] as number;
  e.subjectNo = nums[o + K_SUBJECT] as number;
  return e;
}

/** The maker of a slot that holds its own copy (its second reference). */
const heldItself = (from: KeptEvents<FlowEvent>, i: number): FlowEvent => from.refs[i * KEPT_REFS + 1] as FlowEvent;

/** A kept copy of a `ReusedFlowEvent` (see there). */
class HeldFlowEvent extends ColumnFlowEvent {
  flow: HeldFlowRecord;

  /** A copy of `e`; without one, blank for the caller to fill (`heldFromKept`). */
  constructor(e?: ReusedFlowEvent) {
    super();
    if (!e) {
      this.flow = new HeldFlowRecord(NO_KEYS, NO_KEYS);
      return;
    }
    this.flow = e.flow.clone();
    this.fill(e);
  }

  /** Takes `e`'s fields besides its record. */
  private fill(e: ReusedFlowEvent): void {
    this.time = e.time;
    this.endTime = e.endTime;
    this.resource = e.resource;
    this.localPort = e.localPort;
    this.remotePort = e.remotePort;
    this.remoteResource = e.remoteResource;
    this.direction = e.direction;
    this.servicePort = e.servicePort;
    this.remoteExternal = e.remoteExternal;
    this.remoteIntel = e.remoteIntel;
    this.remoteGeo = e.remoteGeo;
    this.localV4 = e.localV4;
    this.rV4 = e.rV4;
    this.subjectNo = e.subjectNo;
  }
}
