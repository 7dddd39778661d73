import { describe, expect, it } from 'vitest';
import { parseV4, parseV6 } from './ip.js';
import { DomainTable, parseV6Words, v6Words } from './keyed-tables.js';
import { IntelMatcher } from './matcher.js';

describe('allocation-free intel keys', () => {
  it('parses IPv6 text exactly as parseV6 does, valid or not', () => {
    const cases = [
      '2001:db8::1',
      '::',
      '::1',
      '1::',
      'fe80::1%eth0',
      '2001:DB8:0:0:8:800:200C:417A',
      '::ffff:192.0.2.1',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::1',
      ':1:2',
      '1:2:',
      '1:2:3:4:5:6:7',
      '::1.2.3',
      'g::1',
      '2001:db8::',
      '',
    ];
    for (const c of cases) {
      const w = parseV6(c);
      const ok = parseV6Words(c, parseV4);
      expect(ok, c).toBe(w !== undefined);
      if (w) expect([...v6Words], c).toEqual([0, 1, 2, 3].map((k) => (((w[2 * k] as number) << 16) | (w[2 * k + 1] as number)) >>> 0));
    }
  });

  it('finds a name and its listed parents, most specific first, without false suffixes', () => {
    const t = new DomainTable();
    const pool = t.add('pool.example');
    const exact = t.add('a.b.pool.example');
    expect(t.match('a.b.pool.example')).toBe(2);
    expect(t.found).toEqual([exact, pool]);
    expect(t.match('x.pool.example')).toBe(1);
    expect(t.found).toEqual([pool]);
    expect(t.match('notpool.example')).toBe(0);
    expect(t.match('example')).toBe(0);
  });

  it('matches IPv6 CIDRs of several lengths and domains through the matcher', () => {
    const m = IntelMatcher.build([
      {
        feed: 'f',
        indicators: [
          { value: '2001:db8:bad::/48', kind: 'cidr', category: 'malicious' },
          { value: '2001:db8:bad::7', kind: 'ip', category: 'c2' },
          { value: '192.0.2.1', kind: 'ip' },
          { value: 'pool.example', kind: 'domain', category: 'mining' },
        ],
      },
    ]);
    expect(m.ip('2001:db8:bad:0::7')?.listings).toHaveLength(1);
    expect(m.ip('2001:db8:bad:ffff::1')?.indicator).toBe('2001:db8:bad::/48');
    expect(m.ip('2001:db8:bae::1')).toBeUndefined();
    expect(m.ip('::ffff:192.0.2.1')?.indicator).toBe('192.0.2.1');
    expect(m.domain('X.Pool.Example.')?.indicator).toBe('pool.example');
    expect(m.domain('otherpool.example')).toBeUndefined();
  });
});
