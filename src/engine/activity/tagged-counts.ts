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
 * Per tag, four numbers at the front of the table: its hot key (the last one counted, or -1), the
 * counts not yet added to it, its size, and the hot key's entry. An identity mostly repeats its
 * client, key, country and network, so those are counted in the front of the table without
 * touching the index or the entries (two more cache lines each, in a table that is rarely in
 * cache). Laid out by kind (all hot keys, then all pending counts, …) rather than by tag, so the
 * numbers every event reads and writes for all its tags share two cache lines.
 */
const HOT = 0;
const PENDING = TAGS;
const SIZE = 2 * TAGS;
const ENTRY = 3 * TAGS;
const HEADER = 4 * TAGS;
/** Index slots of a new table (a power of two); half of them can hold entries before it grows. */
const INITIAL_SLOTS = 32;

export class TaggedCounts {
  /**
   * [header (see HOT…ENTRY) | the owner's numbers (`extra`) | index: entry + 1, 0 = empty (slots) |
   * entries: key, count (slots / 2 pairs)]. Public for the owner's numbers only (a new array when
   * the table grows, so read it again after an `add`); the rest is this class's.
   */
  t: Float64Array;
  /** Where the index starts: after the header and the owner's numbers. */
  private readonly x: number;
  private slots: number;
  private shift: number;
  /** Entries in use (all tags). */
  private used = 0;

  /**
   * `extra` numbers after the header are the owner's (kept across growth, at `HEADER + i`): a
   * profile keeps its own scalars there, so one table holds everything an event touches.
   */
  constructor(extra = 0) {
    this.x = HEADER + extra;
    this.slots = INITIAL_SLOTS;
    this.shift = 32 - Math.log2(INITIAL_SLOTS);
    this.t = new Float64Array(this.x + INITIAL_SLOTS * 2);
    for (let tag = 0; tag < TAGS; tag++) this.t[HOT + tag] = -1;
  }

  size(tag: number): number {
    return this.t[SIZE + tag] as number;
  }

  /** The entry number of a key, or -1. */
  private find(key: number): number {
    const t = this.t;
    const x = this.x;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const e = t[x + s] as number;
      if (e === 0) return -1;
      if (t[x + this.slots + (e - 1) * 2] === key) return e - 1;
      s = (s + 1) & mask;
    }
  }

  has(tag: number, id: number): boolean {
    const key = id * TAGS + tag;
    return this.t[HOT + tag] === key || this.find(key) >= 0;
  }

  count(tag: number, id: number): number | undefined {
    this.settle();
    const e = this.find(id * TAGS + tag);
    return e < 0 ? undefined : (this.t[this.x + this.slots + e * 2 + 1] as number);
  }

  /** Adds `n` to (tag, id); a new key is added only while the tag has fewer than `cap` keys. */
  add(tag: number, id: number, cap: number, n = 1): void {
    const t = this.t;
    const key = id * TAGS + tag;
    if (t[HOT + tag] === key) {
      t[PENDING + tag] = (t[PENDING + tag] as number) + n;
      return;
    }
    let e = this.find(key);
    if (e < 0) {
      if ((t[SIZE + tag] as number) >= cap) return;
      e = this.insert(key);
      this.t[SIZE + tag] = (this.t[SIZE + tag] as number) + 1;
    }
    this.settleTag(tag);
    this.t[HOT + tag] = key;
    this.t[ENTRY + tag] = e;
    this.t[PENDING + tag] = n;
  }

  /** Adds a tag's pending counts to its hot entry. */
  private settleTag(tag: number): void {
    const t = this.t;
    const pending = t[PENDING + tag] as number;
    if (pending === 0) return;
    const j = this.x + this.slots + (t[ENTRY + tag] as number) * 2 + 1;
    t[j] = (t[j] as number) + pending;
    t[PENDING + tag] = 0;
  }

  private settle(): void {
    for (let tag = 0; tag < TAGS; tag++) this.settleTag(tag);
  }

  /** A new entry with count 0; its number. */
  private insert(key: number): number {
    if ((this.used + 1) * 2 > this.slots) this.grow();
    const i = this.used++;
    this.t[this.x + this.slots + i * 2] = key;
    this.index(key, i);
    return i;
  }

  private index(key: number, entry: number): void {
    const t = this.t;
    const x = this.x;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[x + s] !== 0) s = (s + 1) & mask;
    t[x + s] = entry + 1;
  }

  /** Twice the slots; entries keep their numbers (and so the hot entries stay valid), the header and the owner's numbers are copied. */
  private grow(): void {
    const old = this.t;
    const x = this.x;
    const oldSlots = this.slots;
    this.slots *= 2;
    this.shift--;
    this.t = new Float64Array(x + this.slots * 2);
    this.t.set(old.subarray(0, x));
    this.t.set(old.subarray(x + oldSlots, x + oldSlots + this.used * 2), x + this.slots);
    for (let i = 0; i < this.used; i++) this.index(this.t[x + this.slots + i * 2] as number, i);
  }

  /** Calls `f(id, count)` for each key of `tag`, in the order the keys were first added. */
  forEach(tag: number, f: (id: number, count: number) => void): void {
    this.settle();
    const t = this.t;
    const base = this.x + this.slots;
    for (let i = 0; i < this.used; i++) {
      const key = t[base + i * 2] as number;
      if (key % TAGS === tag) f((key - tag) / TAGS, t[base + i * 2 + 1] as number);
    }
  }
}

/** Where a subclass's own numbers start in `t` (its `extra`). */
export const OWN = HEADER;
