/**
 * An open-addressing hash map from uint32 keys to non-negative ints, in typed arrays. IPv4 addresses
 * above 2^31 are heap numbers to a JS Map (slow to hash); here a lookup is a multiply, a shift and
 * a probe or two, and 1M entries cost 16 MB instead of a Map's ~80 MB.
 */
export class U32Map {
  private keys: Uint32Array;
  /** value + 1; 0 marks an empty slot. */
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  get(key: number): number | undefined {
    const keys = this.keys;
    const vals = this.vals;
    let i = this.slot(key);
    for (;;) {
      const v = vals[i] as number;
      if (v === 0) return undefined;
      if (keys[i] === key) return v - 1;
      i = (i + 1) & this.mask;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let i = this.slot(key);
    for (;;) {
      const v = this.vals[i] as number;
      if (v === 0) {
        this.keys[i] = key;
        this.vals[i] = value + 1;
        this.size++;
        return;
      }
      if (this.keys[i] === key) {
        this.vals[i] = value + 1;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldK.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldV[i] !== 0) this.set(oldK[i] as number, (oldV[i] as number) - 1);
  }
}
