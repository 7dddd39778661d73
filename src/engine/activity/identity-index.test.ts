import { describe, expect, it } from 'vitest';
import { IdentityIndex, hashText } from './identity-index.js';

describe('IdentityIndex against a Map', () => {
  it('finds, adds, sets and grows as a Map of identity to two numbers does, over seeded random identities', () => {
    let seed = 3;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    // ARN-like texts sharing long prefixes (what identities look like), some non-ASCII, some empty.
    const text = () => {
      const r = rnd();
      if (r < 0.02) return '';
      if (r < 0.05) return `arn:aws:iam::1:user/é${Math.floor(rnd() * 50)}✓`;
      return `arn:aws:iam::${100000000000 + Math.floor(rnd() * 20)}:${rnd() < 0.5 ? 'role' : 'user'}/app-${Math.floor(rnd() * 400)}`;
    };
    for (let round = 0; round < 3; round++) {
      const ix = new IdentityIndex(round === 0 ? 1 : 64);
      const ref = new Map<string, [number, number]>();
      const wrong: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        // A fresh string each time (not the one stored), as a parsed event's is.
        const s = JSON.parse(JSON.stringify(text())) as string;
        const j = ix.slot(s);
        const want = ref.get(s);
        if (want === undefined) {
          if (j !== -1) wrong.push(s);
          const v: [number, number] = [i, i * 7];
          ix.add(s, v[0], v[1]);
          ref.set(s, v);
        } else {
          if (j < 0 || ix.first(j) !== want[0] || ix.second(j) !== want[1]) wrong.push(s);
          if (rnd() < 0.1) {
            const v: [number, number] = [i, -i];
            ix.set(j, v[0], v[1]);
            ref.set(s, v);
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(ix.size).toBe(ref.size);
      for (const [s, v] of ref) {
        const j = ix.slot(s);
        expect([ix.first(j), ix.second(j)]).toEqual(v);
      }
    }
  });

  it('tells apart identities whose hashes collide (only the characters decide)', () => {
    // Two texts with the same 32-bit hash (found by a birthday search over `…/u${i}`: the first pair, at 1.7M).
    const pair = ['arn:aws:iam::1:user/u446872', 'arn:aws:iam::1:user/u1740110'] as const;
    const [a, b] = pair;
    expect(hashText(a)).toBe(hashText(b));
    const ix = new IdentityIndex(1);
    ix.add(a, 1, 10);
    expect(ix.slot(b)).toBe(-1);
    ix.add(b, 2, 20);
    for (let i = 0; i < 100; i++) ix.add(`x${i}`, 100 + i, 0);
    expect(ix.first(ix.slot(a))).toBe(1);
    expect(ix.first(ix.slot(b))).toBe(2);
  });
});
