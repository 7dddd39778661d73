/**
 * Keys → slot numbers 0…max-1, least recently used first out: the index of a windowed detector's
 * per-key state. It behaves as a `Map` whose entries are deleted and re-set on every touch and whose
 * oldest entry is dropped when a new key finds it full — what the windows did — without that Map's
 * churn: a touched entry there leaves a hole, and every few hundred thousand touches the whole table
 * (megabytes at 100k keys) was rebuilt, old-space garbage that RSS grew with as input grew.
 *
 * Here numeric keys (the detectors' `numKey`s: integers up to 2^53) live in an open-addressing table
 * over typed arrays, recency is a linked list over the slots, and a dropped key's slot is handed to
 * the new key so its holder can reuse what it kept there. Other keys (texts, odd numbers) go through
 * a `Map` to the same slots and the same recency order.
 *
 * A slot's key and its two links share 16 bytes (one line): a touch reads the slot's key to find it
 * and its links to move it, and with a hundred thousand keys each array of its own was a cache miss.
 */
export class LruSlots {
  /** Keys held. */
  size = 0;
  private readonly max: number;
  private cap = 0;
  /**
   * Per slot, two doubles: its numeric key (NaN when the key is in `others`) at `2 × slot`, then its
   * recency links as int32 in `links` (`4 × slot + PREV`, `+ NEXT`).
   */
  private nums = new Float64Array(0);
  private links = new Int32Array(0);
  private others: (string | number | undefined)[] = [];
  /** Recency list over slots: `oldest` … `newest`, -1 ends. */
  private oldest = -1;
  private newest = -1;
  /** Open addressing over numeric keys: slot + 1, 0 empty; at most half full. */
  private table = new Int32Array(0);
  private mask = -1;
  private readonly byOther = new Map<string | number, number>();

  constructor(max: number) {
    this.max = Math.max(1, max);
  }

  /** The slot of `key`, made the most recent; -1 when the key is not held. */
  touch(key: number | string): number {
    const slot = this.find(key);
    if (slot >= 0 && slot !== this.newest) {
      this.unlink(slot);
      this.append(slot);
    }
    return slot;
  }

  /**
   * Adds a key that is not held, as the most recent, and returns its slot: when full, the slot of the
   * least recent key, which is dropped (the caller resets what it kept for that slot).
   */
  add(key: number | string): number {
    let slot: number;
    if (this.size >= this.max) {
      slot = this.oldest;
      this.unlink(slot);
      this.forget(slot);
    } else {
      if (this.size === this.cap) this.grow();
      slot = this.size++;
    }
    if (isNumKey(key)) {
      this.nums[2 * slot] = key;
      let i = hashKey(key) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = slot + 1;
    } else {
      this.nums[2 * slot] = Number.NaN;
      this.others[slot] = key;
      this.byOther.set(key, slot);
    }
    this.append(slot);
    return slot;
  }

  private find(key: number | string): number {
    if (!isNumKey(key)) return this.byOther.get(key) ?? -1;
    const mask = this.mask;
    if (mask < 0) return -1;
    let i = hashKey(key) & mask;
    for (;;) {
      const s = this.table[i] as number;
      if (s === 0) return -1;
      if (this.nums[2 * (s - 1)] === key) return s - 1;
      i = (i + 1) & mask;
    }
  }

  /** Takes a dropped slot's key out of the indexes (backward-shift deletion keeps probes unbroken). */
  private forget(slot: number): void {
    const k = this.nums[2 * slot] as number;
    if (Number.isNaN(k)) {
      this.byOther.delete(this.others[slot] as string | number);
      this.others[slot] = undefined;
      return;
    }
    const mask = this.mask;
    const table = this.table;
    let i = hashKey(k) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = table[j] as number;
      if (s === 0) break;
      const home = hashKey(this.nums[2 * (s - 1)] as number) & mask;
      // Entry j may move to the hole at i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        table[i] = s;
        i = j;
      }
    }
    table[i] = 0;
  }

  private unlink(slot: number): void {
    const l = this.links;
    const p = l[4 * slot + PREV] as number;
    const n = l[4 * slot + NEXT] as number;
    if (p >= 0) l[4 * p + NEXT] = n;
    else this.oldest = n;
    if (n >= 0) l[4 * n + PREV] = p;
    else this.newest = p;
  }

  private append(slot: number): void {
    const l = this.links;
    l[4 * slot + PREV] = this.newest;
    l[4 * slot + NEXT] = -1;
    if (this.newest >= 0) l[4 * this.newest + NEXT] = slot;
    else this.oldest = slot;
    this.newest = slot;
  }

  private grow(): void {
    const cap = Math.min(this.max, Math.max(64, this.cap * 2));
    // Same-type copy: the links' int32 bits go along as they are.
    const f64 = new Float64Array(2 * cap);
    f64.set(this.nums);
    this.nums = f64;
    this.links = new Int32Array(f64.buffer);
    this.cap = cap;
    let size = 16;
    while (size < cap * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < this.size; s++) {
      const k = this.nums[2 * s] as number;
      if (Number.isNaN(k)) continue;
      let i = hashKey(k) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = s + 1;
    }
  }
}

// The links' places in a slot's second double, as int32.
const PREV = 2;
const NEXT = 3;

/** Numbers the table holds: non-negative integers below 2^53 (other numbers go through the Map). */
const isNumKey = (k: number | string): k is number => typeof k === 'number' && Number.isSafeInteger(k) && k >= 0;

/** Both 32-bit halves mixed (keys are built as a × 2^21 + b: the high half carries the address). */
export function hashKey(k: number): number {
  const lo = k >>> 0;
  const hi = Math.floor(k / 4294967296);
  const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}
