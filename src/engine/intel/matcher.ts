import type { IntelHit, IntelListing, IntelLookup } from '../../core/intel.js';
import { formatNet, parseNet, parseV4 } from './ip.js';
import { DomainTable, V6Table, parseV6Words, v6Words, wordMask } from './keyed-tables.js';
import { U32Map } from './u32map.js';

export type IntelCategory = NonNullable<IntelListing['category']>;
export const INTEL_CATEGORIES: readonly IntelCategory[] = ['malicious', 'tor', 'mining', 'scanner', 'c2', 'other'];

/** One indicator as a feed parser produces it and a feed version stores it. */
export interface Indicator {
  /** Canonical text: an address, a CIDR, or a lower-case domain without trailing dot. */
  value: string;
  kind: 'ip' | 'cidr' | 'domain';
  confidence?: number;
  category?: IntelCategory;
  firstSeen?: string;
  lastSeen?: string;
  /** STIX validity: outside [validFrom, validUntil] the indicator does not match. */
  validFrom?: string;
  validUntil?: string;
}

export interface FeedIndicators {
  feed: string;
  /** Category for indicators that carry none (a Tor list: `tor`). */
  category?: IntelCategory;
  indicators: Iterable<Indicator>;
}

/** A domain as lookups see it: lower case, no trailing dot, no `*.` wildcard head. */
export function normaliseDomain(name: string): string {
  let d = name.trim().toLowerCase();
  while (d.endsWith('.')) d = d.slice(0, -1);
  if (d.startsWith('*.')) d = d.slice(2);
  return d;
}

/** Already what `normaliseDomain` returns (lower case, trimmed, no trailing dot or `*.`): the common case, checked without copying. */
function isNormalDomain(name: string): boolean {
  const n = name.length;
  if (n === 0 || name.charCodeAt(0) <= 32 || name.charCodeAt(n - 1) <= 32 || name.charCodeAt(n - 1) === 46) return false;
  if (name.charCodeAt(0) === 42 && name.charCodeAt(1) === 46) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return false;
  }
  return true;
}

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;
export function isDomainName(name: string): boolean {
  return DOMAIN_RE.test(name);
}

/** Turns text into an indicator, or undefined when it is neither an address, a CIDR nor a domain. */
export function toIndicator(text: string, extra: Omit<Indicator, 'value' | 'kind'> = {}): Indicator | undefined {
  const net = parseNet(text);
  if (net) {
    const single = net.family === 4 ? net.prefix === 32 : net.prefix === 128;
    return { value: formatNet(net), kind: single ? 'ip' : 'cidr', ...extra };
  }
  const d = normaliseDomain(text);
  if (isDomainName(d)) return { value: d, kind: 'domain', ...extra };
  return undefined;
}

type Slot = number | number[];
/** A slot with one more entry id (several feeds may list the same indicator). */
function withEntry(cur: Slot | undefined, id: number): Slot {
  if (cur === undefined) return id;
  if (typeof cur === 'number') return [cur, id];
  cur.push(id);
  return cur;
}

const NO_CONF = 255;

/**
 * The threat-intelligence matcher. IPv4 single addresses sit in a hash map; IPv4 CIDRs are cut into
 * disjoint elementary ranges (a sweep over their boundaries) held in typed arrays and found by binary
 * search, so nested and overlapping blocks from several feeds all report. IPv6 addresses and CIDRs
 * are hash maps keyed by the masked address, one per prefix length present. Domains match exactly
 * and by parent domain (`a.b.pool.example` is listed when `pool.example` is).
 */
export class IntelMatcher implements IntelLookup {
  private readonly feeds: string[] = [];
  private readonly feedCategory: (IntelCategory | undefined)[] = [];
  // Per indicator entry, in parallel arrays: 1M entries cost a few tens of MB, not 1M objects.
  private entryFeed: number[] = [];
  private entryConf: number[] = [];
  private entryCat: (IntelCategory | undefined)[] = [];
  private entryValue: string[] = [];
  private entryFirst: (string | undefined)[] = [];
  private entryLast: (string | undefined)[] = [];

  /** IPv4 address → entry id, or -(k+1) for `v4Multi[k]` when several entries list it. */
  private readonly v4Exact = new U32Map();
  private readonly v4Multi: number[][] = [];
  /**
   * One bit per hash of each exact IPv4 key (~8 bits per key, so ~1 in 9 absent keys passes): most
   * flow peers are not listed, and this table stays in the CPU cache where `v4Exact` (16 bytes a
   * key) does not, so an absent peer costs a cached read instead of a memory access.
   */
  private v4Filter = new Uint32Array(1);
  private v4FilterShift = 32;
  /** The exact keys, until the filter is built. */
  private v4Keys: number[] = [];
  private segStart = new Uint32Array(0);
  private segEnd = new Uint32Array(0);
  private segIds = new Int32Array(0);
  private segMulti: number[][] = [];
  /** IPv6 (prefix length, masked words) → index into `v6Slots`. */
  private readonly v6 = new V6Table();
  private readonly v6Slots: Slot[] = [];
  private readonly v6PrefixSet = new Set<number>();
  private v6Prefixes: number[] = [];
  /** Per prefix length in `v6Prefixes`, its four word masks. */
  private v6Masks = new Uint32Array(0);
  private readonly domains = new DomainTable();
  private readonly domainSlots: Slot[] = [];
  private ranges: { start: number; end: number; id: number }[] = [];
  private built = false;
  readonly skipped = { invalid: 0, expired: 0, notYetValid: 0 };

  private constructor(private readonly now: string) {}

  static build(feeds: Iterable<FeedIndicators>, opts: { now?: Date } = {}): IntelMatcher {
    const m = new IntelMatcher((opts.now ?? new Date()).toISOString());
    for (const f of feeds) m.addFeed(f);
    m.finish();
    return m;
  }

  static empty(): IntelMatcher {
    return IntelMatcher.build([]);
  }

  private addFeed(f: FeedIndicators): void {
    const feedIdx = this.feeds.length;
    this.feeds.push(f.feed);
    this.feedCategory.push(f.category);
    for (const ind of f.indicators) {
      if (ind.validUntil && ind.validUntil < this.now) {
        this.skipped.expired++;
        continue;
      }
      if (ind.validFrom && ind.validFrom > this.now) {
        this.skipped.notYetValid++;
        continue;
      }
      const id = this.entryFeed.length;
      if (ind.kind === 'domain') {
        const d = normaliseDomain(ind.value);
        if (!d) {
          this.skipped.invalid++;
          continue;
        }
        const di = this.domains.add(d);
        this.domainSlots[di] = withEntry(this.domainSlots[di], id);
      } else {
        const net = parseNet(ind.value);
        if (!net) {
          this.skipped.invalid++;
          continue;
        }
        if (net.family === 4) {
          if (net.prefix === 32) this.addV4(net.start, id);
          else this.ranges.push({ start: net.start, end: net.end, id });
        } else {
          const w = net.words;
          const k = [0, 1, 2, 3].map((i) => (((w[2 * i] as number) << 16) | (w[2 * i + 1] as number)) >>> 0) as [number, number, number, number];
          const at = this.v6.get(net.prefix, ...k);
          if (at === undefined) {
            this.v6.set(net.prefix, ...k, this.v6Slots.length);
            this.v6Slots.push(id);
            this.v6PrefixSet.add(net.prefix);
          } else {
            this.v6Slots[at] = withEntry(this.v6Slots[at], id);
          }
        }
      }
      this.entryFeed.push(feedIdx);
      this.entryConf.push(ind.confidence ?? NO_CONF);
      this.entryCat.push(ind.category ?? f.category);
      this.entryValue.push(ind.value);
      this.entryFirst.push(ind.firstSeen);
      this.entryLast.push(ind.lastSeen);
    }
  }

  private addV4(key: number, id: number): void {
    const cur = this.v4Exact.get(key);
    if (cur === undefined) {
      this.v4Exact.set(key, id);
      this.v4Keys.push(key);
    } else if (cur >= 0 && cur < 0x40000000) {
      this.v4Multi.push([cur, id]);
      this.v4Exact.set(key, 0x40000000 + this.v4Multi.length - 1);
    } else (this.v4Multi[cur - 0x40000000] as number[]).push(id);
  }

  /** Cuts the IPv4 ranges into disjoint segments, each naming every range that covers it. */
  private finish(): void {
    if (this.built) return;
    this.built = true;
    this.buildV4Filter(this.v4Keys);
    this.v4Keys = [];
    // Packed, not sparse: a sparse array of 1M slots falls into slow dictionary mode.
    this.singles = new Array<IntelHit | undefined>(this.entryFeed.length).fill(undefined);
    this.multiV4Hits = new Array<IntelHit | undefined>(this.v4Multi.length).fill(undefined);
    this.v6Prefixes = [...this.v6PrefixSet].sort((a, b) => b - a);
    this.v6Masks = new Uint32Array(this.v6Prefixes.length * 4);
    this.v6Prefixes.forEach((p, i) => {
      for (let k = 0; k < 4; k++) this.v6Masks[i * 4 + k] = wordMask(p - 32 * k);
    });
    const ranges = this.ranges;
    this.ranges = [];
    if (!ranges.length) return;
    const bounds = new Float64Array(ranges.length * 2);
    ranges.forEach((r, i) => {
      bounds[2 * i] = r.start;
      bounds[2 * i + 1] = r.end + 1;
    });
    bounds.sort();
    const byStart = ranges.slice().sort((a, b) => a.start - b.start);
    const byEnd = ranges.slice().sort((a, b) => a.end - b.end);
    const starts: number[] = [];
    const ends: number[] = [];
    const ids: number[] = [];
    const active = new Set<number>();
    let si = 0;
    let ei = 0;
    let prev = -1;
    for (let k = 0; k < bounds.length; k++) {
      const b = bounds[k] as number;
      if (b === prev) continue;
      if (prev >= 0 && active.size) {
        starts.push(prev);
        ends.push(b - 1);
        if (active.size === 1) ids.push(active.values().next().value as number);
        else {
          this.segMulti.push([...active]);
          ids.push(-this.segMulti.length);
        }
      }
      while (ei < byEnd.length && (byEnd[ei] as { end: number }).end + 1 <= b) active.delete((byEnd[ei++] as { id: number }).id);
      while (si < byStart.length && (byStart[si] as { start: number }).start <= b) active.add((byStart[si++] as { id: number }).id);
      prev = b;
    }
    this.segStart = Uint32Array.from(starts);
    this.segEnd = Uint32Array.from(ends);
    this.segIds = Int32Array.from(ids);
  }

  /** Sets `v4Filter`'s bit of every exact IPv4 key (called once the keys are final). */
  private buildV4Filter(keys: readonly number[]): void {
    let bits = 1 << 16;
    while (bits < keys.length * 8) bits *= 2;
    this.v4Filter = new Uint32Array(bits / 32);
    this.v4FilterShift = 32 - Math.log2(bits);
    for (const k of keys) {
      const b = Math.imul(k, 0x85ebca6b) >>> this.v4FilterShift;
      this.v4Filter[b >>> 5] = (this.v4Filter[b >>> 5] as number) | (1 << (b & 31));
    }
  }

  get size(): number {
    return this.entryFeed.length;
  }

  stats() {
    const v6 = this.v6.size;
    return {
      indicators: this.size,
      feeds: this.feeds.length,
      ipv4Exact: this.v4Exact.size,
      ipv4Segments: this.segStart.length,
      ipv6: v6,
      domains: this.domains.size,
      skipped: { ...this.skipped },
    };
  }

  /**
   * The fast path for flow records whose IPv4 address is already a number. Most peers are listed
   * nowhere: this front is kept small so V8 inlines it into the caller's loop, and an address whose
   * filter bit is clear (no CIDR ranges loaded) is answered without a call (nor a boxed number
   * argument, as an address above 2^31 is when passed to a call).
   */
  ipv4(n: number): IntelHit | undefined {
    const b = Math.imul(n, 0x85ebca6b) >>> this.v4FilterShift;
    if ((((this.v4Filter[b >>> 5] as number) >>> (b & 31)) & 1) === 0 && this.segStart.length === 0) return undefined;
    return this.ipv4Full(n, b);
  }

  /** `ipv4` past the filter: `b` is `n`'s filter bit. */
  private ipv4Full(n: number, b: number): IntelHit | undefined {
    const e = ((this.v4Filter[b >>> 5] as number) >>> (b & 31)) & 1 ? this.v4Exact.get(n) : undefined;
    const exact: Slot | undefined = e === undefined ? undefined : e < 0x40000000 ? e : this.v4Multi[e - 0x40000000];
    let seg: Slot | undefined;
    const s = this.segStart;
    if (s.length) {
      let lo = 0;
      let hi = s.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if ((s[mid] as number) <= n) lo = mid + 1;
        else hi = mid - 1;
      }
      if (hi >= 0 && n <= (this.segEnd[hi] as number)) {
        const id = this.segIds[hi] as number;
        seg = id >= 0 ? id : this.segMulti[-id - 1];
      }
    }
    if (exact === undefined) {
      if (seg === undefined) return undefined;
      if (typeof seg === 'number') return this.single(seg);
    } else if (seg === undefined) return typeof exact === 'number' ? this.single(exact) : this.multiV4(e as number);
    return this.hit(exact, seg);
  }

  /** Hits of one entry are built once, on first match, and shared (callers treat hits as read-only). */
  private singles: (IntelHit | undefined)[] = [];
  private single(id: number): IntelHit {
    let h = this.singles[id];
    if (!h) {
      h = this.hit(id);
      this.singles[id] = h;
    }
    return h;
  }

  /** `single` for an address several entries list (`v4Exact` value `e`): built once, or every match would allocate a hit. */
  private multiV4Hits: (IntelHit | undefined)[] = [];
  private multiV4(e: number): IntelHit {
    const k = e - 0x40000000;
    let h = this.multiV4Hits[k];
    if (!h) {
      h = this.hit(this.v4Multi[k]);
      this.multiV4Hits[k] = h;
    }
    return h;
  }

  ip(address: string): IntelHit | undefined {
    const v4 = parseV4(address);
    if (v4 >= 0) return this.ipv4(v4);
    if (!parseV6Words(address, parseV4)) return undefined;
    const a = v6Words[0] as number;
    const b = v6Words[1] as number;
    const c = v6Words[2] as number;
    const d = v6Words[3] as number;
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
    if (a === 0 && b === 0 && c === 0xffff) return this.ipv4(d);
    const prefixes = this.v6Prefixes;
    const masks = this.v6Masks;
    let first: Slot | undefined;
    let more: Slot[] | undefined;
    for (let i = 0; i < prefixes.length; i++) {
      const m = i * 4;
      const at = this.v6.get(
        prefixes[i] as number,
        (a & (masks[m] as number)) >>> 0,
        (b & (masks[m + 1] as number)) >>> 0,
        (c & (masks[m + 2] as number)) >>> 0,
        (d & (masks[m + 3] as number)) >>> 0,
      );
      if (at === undefined) continue;
      const slot = this.v6Slots[at] as Slot;
      if (first === undefined) first = slot;
      else (more ??= [first]).push(slot);
    }
    if (first === undefined) return undefined;
    if (more) return this.hit(...more);
    return typeof first === 'number' ? this.single(first) : this.hit(first);
  }

  domain(name: string): IntelHit | undefined {
    const d = isNormalDomain(name) ? name : normaliseDomain(name);
    const n = this.domains.match(d);
    if (n === 0) return undefined;
    const found = this.domains.found;
    if (n === 1) {
      const slot = this.domainSlots[found[0] as number] as Slot;
      return typeof slot === 'number' ? this.single(slot) : this.hit(slot);
    }
    return this.hit(...found.map((id) => this.domainSlots[id] as Slot));
  }

  /** Listings of the matched entries, most specific first, one per feed. */
  private hit(...slots: (Slot | undefined)[]): IntelHit {
    const ids: number[] = [];
    for (const s of slots) {
      if (s === undefined) continue;
      if (typeof s === 'number') ids.push(s);
      else ids.push(...s);
    }
    const listings: IntelListing[] = [];
    const seenFeeds = new Set<number>();
    for (const id of ids) {
      const feed = this.entryFeed[id] as number;
      if (seenFeeds.has(feed)) continue;
      seenFeeds.add(feed);
      const conf = this.entryConf[id] as number;
      const cat = this.entryCat[id];
      const first = this.entryFirst[id];
      const last = this.entryLast[id];
      listings.push({
        feed: this.feeds[feed] as string,
        ...(conf !== NO_CONF && { confidence: conf }),
        ...(cat && { category: cat }),
        ...(first && { firstSeen: first }),
        ...(last && { lastSeen: last }),
      });
    }
    return { indicator: this.entryValue[ids[0] as number] as string, listings };
  }
}

/** The highest-confidence category of a hit, for titles and severities. */
export function hitCategory(hit: IntelHit | undefined): IntelCategory | undefined {
  if (!hit) return undefined;
  const order: IntelCategory[] = ['c2', 'mining', 'malicious', 'scanner', 'tor', 'other'];
  const cats = new Set(hit.listings.map((l) => l.category ?? 'malicious'));
  return order.find((c) => cats.has(c));
}

export function hitConfidence(hit: IntelHit | undefined): number {
  if (!hit) return 0;
  return Math.max(0, ...hit.listings.map((l) => l.confidence ?? 50));
}
