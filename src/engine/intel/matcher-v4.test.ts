import { describe, expect, it } from 'vitest';
import { formatV4 } from './ip.js';
import { IntelMatcher } from './matcher.js';

describe('IPv4 exact lookups behind the bit filter', () => {
  it('finds every listed address and only those, as numbers and as text', () => {
    // A deterministic spread of addresses over the whole space (an LCG), half listed.
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    const all = Array.from({ length: 40_000 }, next);
    const listed = new Set(all.filter((_, i) => i % 2 === 0));
    const m = IntelMatcher.build([{ feed: 'f', indicators: [...listed].map((n) => ({ value: formatV4(n), kind: 'ip' as const })) }]);
    let found = 0;
    for (const n of all) {
      const hit = m.ipv4(n);
      expect(Boolean(hit)).toBe(listed.has(n));
      if (hit) {
        found++;
        expect(hit.indicator).toBe(formatV4(n));
      }
      expect(Boolean(m.ip(formatV4(n)))).toBe(listed.has(n));
    }
    expect(found).toBe(listed.size);
  });

  it('an address several entries list: one hit, reused, with one listing per feed; a covering CIDR still joins it', () => {
    const m = IntelMatcher.build([
      {
        feed: 'a',
        indicators: [
          { value: '23.1.2.3', kind: 'ip', confidence: 70, category: 'c2' },
          { value: '23.1.2.3', kind: 'ip' },
        ],
      },
      {
        feed: 'b',
        indicators: [
          { value: '23.1.2.3', kind: 'ip', category: 'tor' },
          { value: '45.0.0.0/8', kind: 'cidr' },
        ],
      },
      {
        feed: 'c',
        indicators: [
          { value: '45.6.7.8', kind: 'ip' },
          { value: '45.6.7.8', kind: 'ip', confidence: 10 },
        ],
      },
    ]);
    const first = m.ipv4(0x17010203);
    expect(first).toEqual({
      indicator: '23.1.2.3',
      listings: [
        { feed: 'a', confidence: 70, category: 'c2' },
        { feed: 'b', category: 'tor' },
      ],
    });
    expect(m.ipv4(0x17010203)).toBe(first);
    expect(m.ip('23.1.2.3')).toBe(first);
    const both = m.ipv4(0x2d060708);
    expect(both?.listings.map((l) => l.feed)).toEqual(['c', 'b']);
  });

  it('an empty matcher finds nothing', () => {
    const m = IntelMatcher.build([]);
    expect(m.ipv4(0x08080808)).toBeUndefined();
    expect(m.ip('8.8.8.8')).toBeUndefined();
  });
});
