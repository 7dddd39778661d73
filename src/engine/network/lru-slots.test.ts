import { describe, expect, it } from 'vitest';
import { rng } from '../../demo/network-traffic.js';
import { LruSlots } from './lru-slots.js';

/** The reference: a Map re-set on every touch, its first entry dropped when a new key finds it full. */
class MapModel {
  readonly m = new Map<number | string, number>();
  constructor(private readonly max: number) {}
  touch(k: number | string): boolean {
    const v = this.m.get(k);
    if (v === undefined) return false;
    this.m.delete(k);
    this.m.set(k, v);
    return true;
  }
  add(k: number | string, v: number): number | undefined {
    let dropped: number | undefined;
    if (this.m.size >= this.max) {
      const [first, slot] = this.m.entries().next().value as [number | string, number];
      this.m.delete(first);
      dropped = slot;
    }
    this.m.set(k, v);
    return dropped;
  }
}

describe('LRU slots', () => {
  it.each([1, 7, 300])('holds and drops keys as a re-set Map does (max %i)', (max) => {
    const r = rng(11);
    const lru = new LruSlots(max);
    const model = new MapModel(max);
    const slotOf = new Map<number | string, number>();
    // Integers up to 2^53 (colliding low halves), texts, and numbers the table leaves to the Map.
    const keys: (number | string)[] = [];
    for (let i = 0; i < 500; i++) keys.push(i % 5 === 0 ? `k${i}` : i % 7 === 0 ? -i : i % 11 === 0 ? i + 0.5 : (i % 40) + Math.floor(i / 40) * 2 ** 32 * 977);
    keys.push(Number.NaN, 'NaN', 0, 2 ** 53 - 1);
    for (let step = 0; step < 20_000; step++) {
      const k = keys[Math.floor(r() * keys.length)] as number | string;
      const s = lru.touch(k);
      expect(s >= 0, `step ${step}`).toBe(model.touch(k));
      if (s >= 0) {
        expect(slotOf.get(k)).toBe(s);
        continue;
      }
      const slot = lru.add(k);
      const dropped = model.add(k, slot);
      if (dropped !== undefined) expect(slot).toBe(dropped);
      for (const [key, v] of slotOf) if (v === slot) slotOf.delete(key);
      slotOf.set(k, slot);
      expect(lru.size).toBe(model.m.size);
    }
    expect([...model.m.keys()].every((k) => lru.touch(k) >= 0)).toBe(true);
  });
});
