import { describe, expect, it } from 'vitest';
import { TaggedCounts, Vocab } from './tagged-counts.js';

const entries = (c: TaggedCounts, tag: number) => {
  const out: [number, number][] = [];
  c.forEach(tag, (id, n) => out.push([id, n]));
  return out;
};

describe('Vocab', () => {
  it('gives each distinct string one id and names it back', () => {
    const v = new Vocab();
    const a = v.id('eu-west-1');
    expect(v.id('us-east-1')).toBe(a + 1);
    expect(v.id(['eu', 'west', '1'].join('-'))).toBe(a);
    expect(v.name(a)).toBe('eu-west-1');
    expect(v.size).toBe(2);
  });
});

describe('TaggedCounts', () => {
  it('counts per tag, keeps first-seen order per tag, and caps new keys per tag', () => {
    const c = new TaggedCounts();
    c.add(0, 5, 10);
    c.add(1, 5, 10);
    c.add(0, 2, 10);
    c.add(0, 5, 10);
    expect(c.count(0, 5)).toBe(2);
    expect(c.count(1, 5)).toBe(1);
    expect(c.has(2, 5)).toBe(false);
    expect(c.count(0, 9)).toBeUndefined();
    expect(entries(c, 0)).toEqual([
      [5, 2],
      [2, 1],
    ]);
    // Cap: a tag at its cap counts known keys but adds no new one; other tags are not affected.
    c.add(1, 6, 2);
    c.add(1, 7, 2);
    c.add(1, 5, 2, 10);
    expect(entries(c, 1)).toEqual([
      [5, 11],
      [6, 1],
    ]);
    expect(c.size(1)).toBe(2);
  });

  it('counts a repeated key in the front of the table and settles it before counts are read', () => {
    const c = new TaggedCounts();
    for (let i = 0; i < 5; i++) c.add(3, 42, 10);
    expect(c.has(3, 42)).toBe(true);
    expect(c.count(3, 42)).toBe(5);
    c.add(3, 42, 10, 2);
    c.add(3, 7, 10);
    c.add(3, 42, 10);
    expect(entries(c, 3)).toEqual([
      [42, 8],
      [7, 1],
    ]);
    // The hot key is per tag: the same id under another tag is another key.
    expect(c.has(4, 42)).toBe(false);
  });

  it('grows past its first table without losing counts or order', () => {
    const c = new TaggedCounts();
    for (let round = 0; round < 3; round++) for (let id = 0; id < 500; id++) c.add(id % 6, id * 7919, Number.POSITIVE_INFINITY);
    for (let tag = 0; tag < 6; tag++) {
      const e = entries(c, tag);
      expect(e.map(([id]) => id)).toEqual(
        Array.from({ length: 500 }, (_, id) => id)
          .filter((id) => id % 6 === tag)
          .map((id) => id * 7919),
      );
      expect(e.every(([, n]) => n === 3)).toBe(true);
      expect(c.size(tag)).toBe(e.length);
    }
  });
});
