/**
 * Identity text → two int32 numbers (the baselines keep a profile's owner number and where its
 * table is), for the baselines' per-event lookup.
 *
 * Why not a Map: an event's identity is a freshly parsed string, and finding it in a Map of
 * thousands reads the hash bucket, the entry and the stored key string — three dependent cache
 * misses per event for a random identity (the costliest line of the baselines when memory is busy
 * with the reader's garbage). Here one slot holds the hash, where the identity's characters are and
 * the two numbers: the slot is one miss, and the characters (in one shared array) and whatever the
 * numbers point to can be loaded at the same time. Exact: the characters are
 * compared, the hash only narrows the search.
 */
export class IdentityIndex {
  /** Slots of four int32: hash, where the characters start in `chars` + 1 (0 = empty), then the two numbers. */
  private slots: Int32Array;
  private mask: number;
  /** Per identity its length, then its UTF-16 code units. */
  private chars: Uint16Array;
  private top = 0;
  size = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Int32Array(n * 4);
    this.mask = n - 1;
    this.chars = new Uint16Array(capacity * 48);
  }

  /**
   * The slot of `s` (index of its first int32), or -1; valid until the next `add`. The first slot
   * with the same hash is almost always the one: its characters are compared to confirm it.
   */
  slot(s: string): number {
    const h = hashText(s);
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const j = i * 4;
      const at = slots[j + 1] as number;
      if (at === 0) return -1;
      if (slots[j] === h && this.same(at - 1, s)) return j;
      i = (i + 1) & mask;
    }
  }

  /** The first and second number of a slot. */
  first(j: number): number {
    return this.slots[j + 2] as number;
  }
  second(j: number): number {
    return this.slots[j + 3] as number;
  }
  set(j: number, first: number, second: number): void {
    this.slots[j + 2] = first;
    this.slots[j + 3] = second;
  }

  private same(at: number, s: string): boolean {
    const c = this.chars;
    const len = s.length;
    if (c[at] !== len) return false;
    for (let k = 0; k < len; k++) if (c[at + 1 + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Adds `s` (not yet in the index) with its two numbers; its slot. */
  add(s: string, first: number, second: number): number {
    // A length is one code unit: identities are ARNs (at most 2048 characters), never near it.
    if (s.length > 0xffff) throw new Error(`identity too long (${s.length} characters)`);
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.size++;
    const at = this.top;
    if (at + 1 + s.length > this.chars.length) {
      const c = new Uint16Array(Math.max(this.chars.length * 2, at + 1 + s.length));
      c.set(this.chars.subarray(0, at));
      this.chars = c;
    }
    this.chars[at] = s.length;
    for (let k = 0; k < s.length; k++) this.chars[at + 1 + k] = s.charCodeAt(k);
    this.top = at + 1 + s.length;
    return this.put(hashText(s), at + 1, first, second);
  }

  private put(h: number, at: number, first: number, second: number): number {
    const slots = this.slots;
    let i = h & this.mask;
    while (slots[i * 4 + 1] !== 0) i = (i + 1) & this.mask;
    const j = i * 4;
    slots[j] = h;
    slots[j + 1] = at;
    slots[j + 2] = first;
    slots[j + 3] = second;
    return j;
  }

  /** Twice the slots, each identity placed again (the characters stay where they are). */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let j = 0; j < old.length; j += 4) {
      const at = old[j + 1] as number;
      if (at !== 0) this.put(old[j] as number, at, old[j + 2] as number, old[j + 3] as number);
    }
  }
}

/** FNV-1a over the UTF-16 code units, with a final mix so the low bits (the slot) depend on every unit. */
export function hashText(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
