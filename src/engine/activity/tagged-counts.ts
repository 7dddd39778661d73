/**
 * Small-int counters for one behaviour profile, several kinds ("tags": actions, regions, …) in one
 * table, in insertion order per tag.
 *
 * Why not a Map per kind: the baselines touch a random identity's profile on every event and bump
 * six counters; six Maps are twelve scattered heap objects (the map and its hash table), each a cache
 * miss, and a fresh key string must be hashed and compared against the stored one in each. Here the
 * strings are interned once into a shared `Vocab` (small and hot), and a profile's counters are one
 * Float64Array: sizes per tag, an open-addressing table of (key, count) slots, then the keys in the
 * order they were first counted — the order the stored form lists them, so it converts back key for key.
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
/** Per tag, its number of keys, at the front of the table. */
const SIZE = 0;
const HEADER = TAGS;
/** Slots of a new table (a power of two); half of them can hold keys before it grows. */
const INITIAL_SLOTS = 32;

/**
 * Where a key is in a table: the index of its slot's first number, or -1. The slots start at `x`;
 * a slot is (key + 1, count), 0 = empty.
 */
function probe(t: Float64Array, x: number, slots: number, shift: number, key: number): number {
  const mask = slots - 1;
  const k = key + 1;
  let s = Math.imul(key, 0x9e3779b1) >>> shift;
  for (;;) {
    const j = x + s * 2;
    const v = t[j] as number;
    if (v === k) return j;
    if (v === 0) return -1;
    s = (s + 1) & mask;
  }
}

/** Puts a key that is not in the table into its first free slot; the index of the slot. */
function place(t: Float64Array, x: number, slots: number, shift: number, key: number): number {
  const mask = slots - 1;
  let s = Math.imul(key, 0x9e3779b1) >>> shift;
  while (t[x + s * 2] !== 0) s = (s + 1) & mask;
  const j = x + s * 2;
  t[j] = key + 1;
  return j;
}

export class TaggedCounts {
  /**
   * [sizes per tag | the owner's numbers (`extra`) | slots: key + 1, count (0 = empty) | keys in
   * the order they were first counted (slots / 2)]. A key's count is in its own slot, so counting
   * a key reads and writes one line of the table (an index pointing to a separate entry, or a
   * per-tag "last key" in the header whose count is settled into its entry later, touched two or
   * three). The order list is written only when a key is new and read only to list a tag's keys.
   * Public for the owner's numbers only (a new array when the table grows, so read it again after
   * an `add`); the rest is this class's.
   */
  t: Float64Array;
  /** Where the slots start: after the header and the owner's numbers. */
  private readonly x: number;
  private slots: number;
  private shift: number;
  /** Keys in use (all tags). */
  private used = 0;

  /**
   * `extra` numbers after the header are the owner's (kept across growth, at `HEADER + i`): a
   * profile keeps its own scalars there, so one table holds everything an event touches.
   */
  constructor(extra = 0) {
    this.x = HEADER + extra;
    this.slots = INITIAL_SLOTS;
    this.shift = 32 - Math.log2(INITIAL_SLOTS);
    this.t = new Float64Array(this.x + INITIAL_SLOTS * 2 + INITIAL_SLOTS / 2);
  }

  size(tag: number): number {
    return this.t[SIZE + tag] as number;
  }

  has(tag: number, id: number): boolean {
    return probe(this.t, this.x, this.slots, this.shift, id * TAGS + tag) >= 0;
  }

  count(tag: number, id: number): number | undefined {
    const j = probe(this.t, this.x, this.slots, this.shift, id * TAGS + tag);
    return j < 0 ? undefined : (this.t[j + 1] as number);
  }

  /** Adds `n` to (tag, id); a new key is added only while the tag has fewer than `cap` keys. */
  add(tag: number, id: number, cap: number, n = 1): void {
    const key = id * TAGS + tag;
    let t = this.t;
    const j = probe(t, this.x, this.slots, this.shift, key);
    if (j >= 0) {
      t[j + 1] = (t[j + 1] as number) + n;
      return;
    }
    if ((t[SIZE + tag] as number) >= cap) return;
    if ((this.used + 1) * 2 > this.slots) {
      this.grow();
      t = this.t;
    }
    t[place(t, this.x, this.slots, this.shift, key) + 1] = n;
    t[this.x + this.slots * 2 + this.used] = key;
    this.used++;
    t[SIZE + tag] = (t[SIZE + tag] as number) + 1;
  }

  /** Twice the slots: the header and the owner's numbers are copied, each key is placed again with its count, in its order. */
  private grow(): void {
    const old = this.t;
    const x = this.x;
    const oldSlots = this.slots;
    const oldShift = this.shift;
    this.slots *= 2;
    this.shift--;
    const t = new Float64Array(x + this.slots * 2 + this.slots / 2);
    t.set(old.subarray(0, x));
    const oldOrder = x + oldSlots * 2;
    const order = x + this.slots * 2;
    for (let i = 0; i < this.used; i++) {
      const key = old[oldOrder + i] as number;
      t[place(t, x, this.slots, this.shift, key) + 1] = old[probe(old, x, oldSlots, oldShift, key) + 1] as number;
      t[order + i] = key;
    }
    this.t = t;
  }

  /** Calls `f(id, count)` for each key of `tag`, in the order the keys were first added. */
  forEach(tag: number, f: (id: number, count: number) => void): void {
    const t = this.t;
    const order = this.x + this.slots * 2;
    for (let i = 0; i < this.used; i++) {
      const key = t[order + i] as number;
      if (key % TAGS === tag) f((key - tag) / TAGS, t[probe(t, this.x, this.slots, this.shift, key) + 1] as number);
    }
  }
}

/** Where a subclass's own numbers start in `t` (its `extra`). */
export const OWN = HEADER;
