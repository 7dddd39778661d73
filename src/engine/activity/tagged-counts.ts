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
/** Index slots of a new table (a power of two); half of them can hold entries before it grows. */
const INITIAL_SLOTS = 32;

export class TaggedCounts {
  /** [sizes per tag (8) | index: entry + 1, 0 = empty (slots) | entries: key, count (slots / 2 pairs)]. */
  private t: Float64Array;
  private slots: number;
  private shift: number;
  /** Entries in use (all tags). */
  private used = 0;

  constructor(slots = INITIAL_SLOTS) {
    this.slots = slots;
    this.shift = 32 - Math.log2(slots);
    this.t = new Float64Array(TAGS + slots * 2);
  }

  size(tag: number): number {
    return this.t[tag] as number;
  }

  /** The entry number of (tag, id), or -1. */
  private find(key: number): number {
    const t = this.t;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const e = t[TAGS + s] as number;
      if (e === 0) return -1;
      if (t[TAGS + this.slots + (e - 1) * 2] === key) return e - 1;
      s = (s + 1) & mask;
    }
  }

  has(tag: number, id: number): boolean {
    return this.find(id * TAGS + tag) >= 0;
  }

  count(tag: number, id: number): number | undefined {
    const e = this.find(id * TAGS + tag);
    return e < 0 ? undefined : (this.t[TAGS + this.slots + e * 2 + 1] as number);
  }

  /** Adds `n` to (tag, id); a new key is added only while the tag has fewer than `cap` keys. */
  add(tag: number, id: number, cap: number, n = 1): void {
    const key = id * TAGS + tag;
    const e = this.find(key);
    if (e >= 0) {
      const j = TAGS + this.slots + e * 2 + 1;
      this.t[j] = (this.t[j] as number) + n;
      return;
    }
    if ((this.t[tag] as number) >= cap) return;
    if ((this.used + 1) * 2 > this.slots) this.grow();
    const t = this.t;
    const i = this.used++;
    t[TAGS + this.slots + i * 2] = key;
    t[TAGS + this.slots + i * 2 + 1] = n;
    t[tag] = (t[tag] as number) + 1;
    this.index(key, i);
  }

  private index(key: number, entry: number): void {
    const t = this.t;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[TAGS + s] !== 0) s = (s + 1) & mask;
    t[TAGS + s] = entry + 1;
  }

  private grow(): void {
    const old = this.t;
    const oldSlots = this.slots;
    this.slots *= 2;
    this.shift--;
    this.t = new Float64Array(TAGS + this.slots * 2);
    this.t.set(old.subarray(0, TAGS));
    this.t.set(old.subarray(TAGS + oldSlots, TAGS + oldSlots + this.used * 2), TAGS + this.slots);
    for (let i = 0; i < this.used; i++) this.index(this.t[TAGS + this.slots + i * 2] as number, i);
  }

  /** Calls `f(id, count)` for each key of `tag`, in the order the keys were first added. */
  forEach(tag: number, f: (id: number, count: number) => void): void {
    const t = this.t;
    const base = TAGS + this.slots;
    for (let i = 0; i < this.used; i++) {
      const key = t[base + i * 2] as number;
      if (key % TAGS === tag) f((key - tag) / TAGS, t[base + i * 2 + 1] as number);
    }
  }
}
