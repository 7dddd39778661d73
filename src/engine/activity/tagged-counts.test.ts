import { describe, expect, it } from 'vitest';
import { CountsArena, OWN, TaggedCounts, Vocab } from './tagged-counts.js';

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

  it('counts a repeated key and keeps the same id under two tags apart', () => {
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

describe('TaggedCounts against a reference (a Map per tag)', () => {
  it('counts, caps, orders and grows as per-tag Maps do, several tables sharing one arena, over seeded random adds', () => {
    let seed = 1;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let round = 0; round < 30; round++) {
      const extra = round % 5;
      // Tables share an arena (and move within it as they grow, reusing each other's old regions).
      const arena = new CountsArena(extra, 1, 2 ** (1 + (round % 7)));
      const owners = Array.from({ length: 1 + (round % 4) }, () => new TaggedCounts(extra, arena));
      // The owner's own numbers stay with its table when it moves.
      owners.forEach((c, k) => {
        for (let i = 0; i < extra; i++) c.t[c.base + OWN + i] = k * 100 + i + 0.5;
      });
      const refs = owners.map(() => Array.from({ length: 8 }, () => new Map<number, number>()));
      const caps = Array.from({ length: 8 }, () => 1 + Math.floor(rnd() * 60));
      const ops = 200 + Math.floor(rnd() * 3000);
      const wrong: string[] = [];
      for (let i = 0; i < ops; i++) {
        const k = Math.floor(rnd() * owners.length);
        const c = owners[k] as TaggedCounts;
        const tag = Math.floor(rnd() * 8);
        // Skewed ids (a few hot keys, a long tail), some large, as vocabulary ids are.
        const id = rnd() < 0.7 ? Math.floor(rnd() * 4) : Math.floor(rnd() * (rnd() < 0.1 ? 2 ** 27 : 300));
        const n = rnd() < 0.9 ? 1 : Math.floor(rnd() * 1e6);
        c.add(tag, id, caps[tag] as number, n);
        const m = refs[k]?.[tag] as Map<number, number>;
        const had = m.get(id);
        if (had !== undefined) m.set(id, had + n);
        else if (m.size < (caps[tag] as number)) m.set(id, n);
        if (i % 97 === 0) for (const [key, v] of m) if (c.count(tag, key) !== v) wrong.push(`${round}/${i}: ${tag}:${key}`);
      }
      expect(wrong).toEqual([]);
      owners.forEach((c, k) => {
        for (let tag = 0; tag < 8; tag++) {
          const m = refs[k]?.[tag] as Map<number, number>;
          expect(entries(c, tag)).toEqual([...m]);
          expect(c.size(tag)).toBe(m.size);
          for (let id = 0; id < 300; id++) if (c.has(tag, id) !== m.has(id)) wrong.push(`${round} has ${tag}:${id}`);
        }
        for (let i = 0; i < extra; i++) expect(c.t[c.base + OWN + i]).toBe(k * 100 + i + 0.5);
      });
      expect(wrong).toEqual([]);
    }
  });
});
