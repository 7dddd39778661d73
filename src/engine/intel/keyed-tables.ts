/**
 * Hash tables the intel matcher looks IPv6 addresses and domains up in without building a string
 * or a BigInt per lookup: IPv6 as four uint32 words (masked to a prefix length), domains by a hash
 * computed from the right so every parent domain of a name is probed from one pass over it.
 */

/** Masked IPv6 prefixes (prefix length + four words) → a value index. */
export class V6Table {
  private keys = new Uint32Array(16 * 5);
  private vals = new Int32Array(16);
  private mask = 15;
  size = 0;

  private static hash(p: number, a: number, b: number, c: number, d: number): number {
    let h = Math.imul(p + 0x9e3779b1, 0x85ebca6b);
    h = Math.imul(h ^ a, 0xcc9e2d51);
    h = Math.imul(h ^ b, 0x1b873593);
    h = Math.imul(h ^ c, 0xcc9e2d51);
    h = Math.imul(h ^ d, 0x1b873593);
    return (h ^ (h >>> 15)) >>> 0;
  }

  get(p: number, a: number, b: number, c: number, d: number): number | undefined {
    const keys = this.keys;
    let i = V6Table.hash(p, a, b, c, d) & this.mask;
    for (;;) {
      const v = this.vals[i] as number;
      if (v === 0) return undefined;
      const k = i * 5;
      if (keys[k] === p && keys[k + 1] === a && keys[k + 2] === b && keys[k + 3] === c && keys[k + 4] === d) return v - 1;
      i = (i + 1) & this.mask;
    }
  }

  set(p: number, a: number, b: number, c: number, d: number, value: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    let i = V6Table.hash(p, a, b, c, d) & this.mask;
    for (;;) {
      const k = i * 5;
      if (this.vals[i] === 0) {
        this.keys.set([p, a, b, c, d], k);
        this.vals[i] = value + 1;
        this.size++;
        return;
      }
      if (this.keys[k] === p && this.keys[k + 1] === a && this.keys[k + 2] === b && this.keys[k + 3] === c && this.keys[k + 4] === d) {
        this.vals[i] = value + 1;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldV.length * 2;
    this.keys = new Uint32Array(cap * 5);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldV.length; i++) {
      if (oldV[i] === 0) continue;
      const k = i * 5;
      this.set(oldK[k] as number, oldK[k + 1] as number, oldK[k + 2] as number, oldK[k + 3] as number, oldK[k + 4] as number, (oldV[i] as number) - 1);
    }
  }
}

/** The mask of the top `bits` bits of a 32-bit word (0…32). */
export const wordMask = (bits: number): number => (bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0);

// Scratch words of the last parsed address: parsing allocates nothing.
const w16 = new Uint16Array(8);
const tail = new Uint16Array(8);
/** The four 32-bit words `parseV6Words` wrote. */
export const v6Words = new Uint32Array(4);

const hexVal = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

/**
 * IPv6 text (with `::`, a zone, or an embedded IPv4 tail) → `v6Words`; false when it is not an
 * IPv6 address. The same language as `parseV6` in ip.ts, without its strings and arrays.
 */
export function parseV6Words(s: string, parseV4: (t: string) => number): boolean {
  let end = s.indexOf('%');
  if (end < 0) end = s.length;
  let n = 0;
  let dbl = -1;
  let i = 0;
  if (end >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    dbl = 0;
    i = 2;
  } else if (end === 0 || s.charCodeAt(0) === 58) return false;
  while (i < end) {
    let v = 0;
    let digits = 0;
    let j = i;
    for (; j < end; j++) {
      const h = hexVal(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      digits++;
    }
    if (j < end && s.charCodeAt(j) === 46) {
      // An embedded IPv4 address ends the text.
      if (n > 6) return false;
      const v4 = parseV4(s.slice(i, end));
      if (v4 < 0) return false;
      w16[n++] = v4 >>> 16;
      w16[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (digits === 0 || digits > 4 || n >= 8) return false;
    w16[n++] = v;
    if (j === end) {
      i = j;
      break;
    }
    if (s.charCodeAt(j) !== 58) return false;
    j++;
    if (j < end && s.charCodeAt(j) === 58) {
      if (dbl >= 0) return false;
      dbl = n;
      j++;
    } else if (j === end) return false;
    i = j;
  }
  if (dbl < 0) {
    if (n !== 8) return false;
  } else {
    if (n > 7) return false;
    const after = n - dbl;
    for (let k = 0; k < after; k++) tail[k] = w16[dbl + k] as number;
    for (let k = dbl; k < 8; k++) w16[k] = 0;
    for (let k = 0; k < after; k++) w16[8 - after + k] = tail[k] as number;
  }
  for (let k = 0; k < 4; k++) v6Words[k] = (((w16[2 * k] as number) << 16) | (w16[2 * k + 1] as number)) >>> 0;
  return true;
}

/** The hash `DomainTable` files a name under; `step` extends a suffix's hash by one character to its left. */
const step = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
const SEED = 0x811c9dc5;

/**
 * Domains → a value index, probed for a name and each of its parent domains in one right-to-left
 * pass: the hash of every suffix is known when its label boundary is reached, and a candidate is
 * confirmed with `endsWith`, so no label is sliced out.
 */
export class DomainTable {
  private hashes = new Uint32Array(16);
  private vals = new Int32Array(16);
  private mask = 15;
  readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  private static hashOf(name: string): number {
    let h = SEED;
    for (let i = name.length - 1; i >= 0; i--) h = step(h, name.charCodeAt(i));
    return h >>> 0;
  }

  /** The index of an exact (normalised) name, added when absent. */
  add(name: string): number {
    const h = DomainTable.hashOf(name);
    let i = h & this.mask;
    for (;;) {
      const v = this.vals[i] as number;
      if (v === 0) break;
      if (this.hashes[i] === h && this.names[v - 1] === name) return v - 1;
      i = (i + 1) & this.mask;
    }
    const id = this.names.length;
    this.names.push(name);
    this.hashes[i] = h;
    this.vals[i] = id + 1;
    if (this.names.length * 2 > this.vals.length) this.grow();
    return id;
  }

  private grow(): void {
    const cap = this.vals.length * 2;
    this.hashes = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.names.length; id++) {
      const h = DomainTable.hashOf(this.names[id] as string);
      let i = h & this.mask;
      while (this.vals[i] !== 0) i = (i + 1) & this.mask;
      this.hashes[i] = h;
      this.vals[i] = id + 1;
    }
  }

  private find(name: string, from: number, h: number): number {
    let i = h & this.mask;
    const len = name.length - from;
    for (;;) {
      const v = this.vals[i] as number;
      if (v === 0) return -1;
      if (this.hashes[i] === h) {
        const cand = this.names[v - 1] as string;
        if (cand.length === len && name.endsWith(cand)) return v - 1;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Indices `match` found, the name itself first, then its listed parents from the nearest up. */
  readonly found: number[] = [];

  /** Looks up `name` (normalised) and each of its parent domains; the count of matches, in `found`. */
  match(name: string): number {
    const found = this.found;
    found.length = 0;
    if (!this.names.length) return 0;
    let h = SEED;
    for (let i = name.length - 1; i >= 0; i--) {
      h = step(h, name.charCodeAt(i));
      if (i === 0 || name.charCodeAt(i - 1) === 46) {
        const id = this.find(name, i, h >>> 0);
        if (id >= 0) found.push(id);
      }
    }
    // Probed from the top-level domain down: most specific first for the caller.
    if (found.length > 1) found.reverse();
    return found.length;
  }
}
