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
/** A table's header: its slot count, the hash shift for that count, its keys in use, then per tag its number of keys. */
const SLOTS = 0;
const SHIFT = 1;
const USED = 2;
const SIZE = 8;
const HEADER = 8 + TAGS;
/** Slots of a new table unless the arena says otherwise (a power of two); half of them can hold keys before it grows. */
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

/**
 * The tables of many owners (a baseline engine's profiles) in one Float64Array. An owner is a
 * number; `bases[owner]` is where its table starts. Why one array: a profile's own Float64Array
 * is reached through the profile object and the array object before its numbers (three dependent
 * cache misses per event for a random identity, the costliest lines of the baselines); here the
 * engine goes from the identity's owner number to the numbers through `bases` alone, and the
 * profile object is read only to report an anomaly. A table that grows moves to a bigger region
 * (its old one is reused by the next table of that size), so read `bases` again after an `add`.
 *
 * A table: [header (SLOTS…SIZE) | the owner's numbers (`extra`) | slots: key + 1, count (0 =
 * empty) | keys in the order they were first counted (slots / 2)]. A key's count is in its own
 * slot, so counting a key reads and writes one line of the table; the order list is written only
 * when a key is new and read only to list a tag's keys.
 */
export class CountsArena {
  t: Float64Array;
  bases: Int32Array;
  owners = 0;
  /** Tables moved so far (a holder of bases can tell whether to read them again). */
  moves = 0;
  /** Where the owners' numbers start in a table, and its slots. */
  readonly own = HEADER;
  private readonly x: number;
  private top = 0;
  /** Regions left by tables that grew, by their slot count. */
  private readonly free = new Map<number, number[]>();

  /** Slots of a new table. */
  private readonly initial: number;

  /**
   * `extra`: numbers per table that are the owner's (kept across growth, at `base + own + i`).
   * `initial`: slots of a new table (a power of two). Sized for the usual owner: a table that grows
   * leaves its old region behind (reused only by a later new table), and the live tables spread
   * over more memory.
   */
  constructor(extra = 0, owners = 16, initial = INITIAL_SLOTS) {
    if (!(initial >= 2 && (initial & (initial - 1)) === 0)) throw new Error(`initial slots must be a power of two, not ${initial}`);
    this.x = HEADER + extra;
    this.initial = initial;
    this.t = new Float64Array(owners * this.bytes(initial));
    this.bases = new Int32Array(owners);
  }

  /** Numbers in a table of `slots` slots. */
  private bytes(slots: number): number {
    return this.x + slots * 2 + slots / 2;
  }

  /** A new owner with an empty table; its number. */
  owner(): number {
    const o = this.owners++;
    if (o === this.bases.length) {
      const bases = new Int32Array(o * 2);
      bases.set(this.bases);
      this.bases = bases;
    }
    this.bases[o] = this.alloc(this.initial);
    return o;
  }

  /** A zeroed region for a table of `slots` slots, with its header set; where it starts. */
  private alloc(slots: number): number {
    const size = this.bytes(slots);
    let b = this.free.get(slots)?.pop();
    if (b === undefined) {
      b = this.top;
      if (b + size > this.t.length) {
        const t = new Float64Array(Math.max(this.t.length * 2, b + size));
        t.set(this.t.subarray(0, b));
        this.t = t;
      }
      this.top = b + size;
    } else this.t.fill(0, b, b + size);
    this.t[b + SLOTS] = slots;
    this.t[b + SHIFT] = 32 - Math.log2(slots);
    return b;
  }

  has(b: number, tag: number, id: number): boolean {
    const t = this.t;
    return probe(t, b + this.x, t[b + SLOTS] as number, t[b + SHIFT] as number, id * TAGS + tag) >= 0;
  }

  size(b: number, tag: number): number {
    return this.t[b + SIZE + tag] as number;
  }

  count(b: number, tag: number, id: number): number | undefined {
    const t = this.t;
    const j = probe(t, b + this.x, t[b + SLOTS] as number, t[b + SHIFT] as number, id * TAGS + tag);
    return j < 0 ? undefined : (t[j + 1] as number);
  }

  /**
   * Adds `n` to (tag, id) in an owner's table at `b`; a new key is added only while the tag has
   * fewer than `cap` keys. Where the table is after (it moves when it grows; `moves` counts that).
   */
  add(owner: number, b: number, tag: number, id: number, cap: number, n = 1): number {
    const key = id * TAGS + tag;
    let t = this.t;
    const j = probe(t, b + this.x, t[b + SLOTS] as number, t[b + SHIFT] as number, key);
    if (j >= 0) {
      t[j + 1] = (t[j + 1] as number) + n;
      return b;
    }
    if ((t[b + SIZE + tag] as number) >= cap) return b;
    const used = t[b + USED] as number;
    if ((used + 1) * 2 > (t[b + SLOTS] as number)) {
      b = this.grow(owner);
      t = this.t;
    }
    const slots = t[b + SLOTS] as number;
    t[place(t, b + this.x, slots, t[b + SHIFT] as number, key) + 1] = n;
    t[b + this.x + slots * 2 + used] = key;
    t[b + USED] = used + 1;
    t[b + SIZE + tag] = (t[b + SIZE + tag] as number) + 1;
    return b;
  }

  /** Moves an owner's table to one of twice the slots: its header and numbers copied, each key placed again with its count, in its order. */
  private grow(owner: number): number {
    const old = this.bases[owner] as number;
    const slots = this.t[old + SLOTS] as number;
    const b = this.alloc(slots * 2);
    // alloc may have replaced the array: read it after.
    const t = this.t;
    const x = this.x;
    const used = t[old + USED] as number;
    t.copyWithin(b + USED, old + USED, old + x);
    const shift = t[b + SHIFT] as number;
    const oldOrder = old + x + slots * 2;
    const order = b + x + slots * 4;
    for (let i = 0; i < used; i++) {
      const key = t[oldOrder + i] as number;
      t[place(t, b + x, slots * 2, shift, key) + 1] = t[probe(t, old + x, slots, t[old + SHIFT] as number, key) + 1] as number;
      t[order + i] = key;
    }
    this.bases[owner] = b;
    this.moves++;
    let list = this.free.get(slots);
    if (!list) {
      list = [];
      this.free.set(slots, list);
    }
    list.push(old);
    return b;
  }

  /** Calls `f(id, count)` for each key of `tag` in an owner's table, in the order the keys were first added. */
  forEach(owner: number, tag: number, f: (id: number, count: number) => void): void {
    const t = this.t;
    const b = this.bases[owner] as number;
    const slots = t[b + SLOTS] as number;
    const order = b + this.x + slots * 2;
    const used = t[b + USED] as number;
    for (let i = 0; i < used; i++) {
      const key = t[order + i] as number;
      if (key % TAGS === tag) f((key - tag) / TAGS, t[probe(t, b + this.x, slots, t[b + SHIFT] as number, key) + 1] as number);
    }
  }
}

/**
 * One owner's counters in an arena (its own by default): the arena's operations for one table,
 * for code that holds a profile rather than an owner number.
 */
export class TaggedCounts {
  readonly arena: CountsArena;
  readonly owner: number;

  constructor(extra = 0, arena = new CountsArena(extra, 1)) {
    this.arena = arena;
    this.owner = arena.owner();
  }

  /** The arena's numbers (a new array when it grows: read it again after an `add`). */
  get t(): Float64Array {
    return this.arena.t;
  }

  /** Where this owner's table starts in `t` (moves when it grows). */
  get base(): number {
    return this.arena.bases[this.owner] as number;
  }

  size(tag: number): number {
    return this.arena.size(this.base, tag);
  }

  has(tag: number, id: number): boolean {
    return this.arena.has(this.base, tag, id);
  }

  count(tag: number, id: number): number | undefined {
    return this.arena.count(this.base, tag, id);
  }

  add(tag: number, id: number, cap: number, n = 1): void {
    this.arena.add(this.owner, this.base, tag, id, cap, n);
  }

  forEach(tag: number, f: (id: number, count: number) => void): void {
    this.arena.forEach(this.owner, tag, f);
  }
}

/** Where an owner's own numbers start in its table, from the table's base (its `extra`). */
export const OWN = HEADER;
