/**
 * Small-int counters for one behaviour profile, several kinds ("tags": actions, regions, …) in one
 * table, in insertion order per tag.
 *
 * Why not a Map per kind: the baselines touch a random identity's profile on every event and bump
 * six counters; six Maps are twelve scattered heap objects (the map and its hash table), each a cache
 * miss, and a fresh key string must be hashed and compared against the stored one in each. Here the
 * strings are interned once into a shared `Vocab` (small and hot), and a profile's counters are one
 * Float64Array: sizes per tag, an open-addressing index, then (key, count) pairs in the order keys
 * were first counted — the order the stored form lists them, so it converts back key for key.
 */

/** Strings ↔ small ints, shared by the profiles of one baseline engine. */
export class Vocab {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  name(id: number): string {
    return this.names[id] as string;
  }

  get size(): number {
    return this.names.length;
  }
}

/** Tags are 0..7: a key is `id * 8 + tag`, so ids must stay below 2^28. */
const TAGS = 8;
/**
 * Per tag, four numbers at the front of the table: its size, its hot key (the last one counted, or
 * -1), that key's entry, and the counts not yet added to it. An identity mostly repeats its client,
 * key, country and network, so those are counted in the front of the table without touching the
 * index or the entries (two more cache lines each, in a table that is rarely in cache).
 */
const H = 4;
const HEADER = TAGS * H;
/** Index slots of a new table (a power of two); half of them can hold entries before it grows. */
const INITIAL_SLOTS = 32;

export class TaggedCounts {
  /** [per tag: size, hot key, hot entry, pending | index: entry + 1, 0 = empty (slots) | entries: key, count (slots / 2 pairs)]. */
  private t: Float64Array;
  private slots: number;
  private shift: number;
  /** Entries in use (all tags). */
  private used = 0;

  constructor() {
    this.slots = INITIAL_SLOTS;
    this.shift = 32 - Math.log2(INITIAL_SLOTS);
    this.t = new Float64Array(HEADER + INITIAL_SLOTS * 2);
    for (let tag = 0; tag < TAGS; tag++) this.t[tag * H + 1] = -1;
  }

  size(tag: number): number {
    return this.t[tag * H] as number;
  }

  /** The entry number of a key, or -1. */
  private find(key: number): number {
    const t = this.t;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const e = t[HEADER + s] as number;
      if (e === 0) return -1;
      if (t[HEADER + this.slots + (e - 1) * 2] === key) return e - 1;
      s = (s + 1) & mask;
    }
  }

  has(tag: number, id: number): boolean {
    const key = id * TAGS + tag;
    return this.t[tag * H + 1] === key || this.find(key) >= 0;
  }

  count(tag: number, id: number): number | undefined {
    this.settle();
    const e = this.find(id * TAGS + tag);
    return e < 0 ? undefined : (this.t[HEADER + this.slots + e * 2 + 1] as number);
  }

  /** Adds `n` to (tag, id); a new key is added only while the tag has fewer than `cap` keys. */
  add(tag: number, id: number, cap: number, n = 1): void {
    const t = this.t;
    const key = id * TAGS + tag;
    const h = tag * H;
    if (t[h + 1] === key) {
      t[h + 3] = (t[h + 3] as number) + n;
      return;
    }
    let e = this.find(key);
    if (e < 0) {
      if ((t[h] as number) >= cap) return;
      e = this.insert(key);
      this.t[h] = (this.t[h] as number) + 1;
    }
    this.settleTag(tag);
    this.t[h + 1] = key;
    this.t[h + 2] = e;
    this.t[h + 3] = n;
  }

  /** Adds a tag's pending counts to its hot entry. */
  private settleTag(tag: number): void {
    const t = this.t;
    const h = tag * H;
    const pending = t[h + 3] as number;
    if (pending === 0) return;
    const j = HEADER + this.slots + (t[h + 2] as number) * 2 + 1;
    t[j] = (t[j] as number) + pending;
    t[h + 3] = 0;
  }

  private settle(): void {
    for (let tag = 0; tag < TAGS; tag++) this.settleTag(tag);
  }

  /** A new entry with count 0; its number. */
  private insert(key: number): number {
    if ((this.used + 1) * 2 > this.slots) this.grow();
    const i = this.used++;
    this.t[HEADER + this.slots + i * 2] = key;
    this.index(key, i);
    return i;
  }

  private index(key: number, entry: number): void {
    const t = this.t;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[HEADER + s] !== 0) s = (s + 1) & mask;
    t[HEADER + s] = entry + 1;
  }

  /** Twice the slots; entries keep their numbers (and so the hot entries stay valid). */
  private grow(): void {
    const old = this.t;
    const oldSlots = this.slots;
    this.slots *= 2;
    this.shift--;
    this.t = new Float64Array(HEADER + this.slots * 2);
    this.t.set(old.subarray(0, HEADER));
    this.t.set(old.subarray(HEADER + oldSlots, HEADER + oldSlots + this.used * 2), HEADER + this.slots);
    for (let i = 0; i < this.used; i++) this.index(this.t[HEADER + this.slots + i * 2] as number, i);
  }

  /** Calls `f(id, count)` for each key of `tag`, in the order the keys were first added. */
  forEach(tag: number, f: (id: number, count: number) => void): void {
    this.settle();
    const t = this.t;
    const base = HEADER + this.slots;
    for (let i = 0; i < this.used; i++) {
      const key = t[base + i * 2] as number;
      if (key % TAGS === tag) f((key - tag) / TAGS, t[base + i * 2 + 1] as number);
    }
  }
}
