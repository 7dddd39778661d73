import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testData } from '../../../test/support/stores.js';
import { testDialects } from '../../../test/support/stores.js';
import { parseFeed } from './feeds.js';
import { formatV6, isPrivateAddress, parseNet, parseV4, parseV6 } from './ip.js';
import { IntelMatcher } from './matcher.js';
import { decodeIndicators, encodeIndicators, loadIntel, refreshFeed } from './store.js';
import { validateFeedUrl } from './url.js';

const read = (rel: string) => readFileSync(testData(rel), 'utf8');

describe('addresses', () => {
  it('parses IPv4 and IPv6, masks CIDRs, and knows private ranges', () => {
    expect(parseV4('93.174.95.106')).toBe(93 * 2 ** 24 + 174 * 2 ** 16 + 95 * 256 + 106);
    expect(parseV4('1.2.3')).toBe(-1);
    expect(parseV4('1.2.3.256')).toBe(-1);
    expect(formatV6(parseV6('2001:DB8:0:0:0:0:0:1') as Uint16Array)).toBe('2001:db8::1');
    expect(parseNet('10.1.2.3/8')).toEqual({ family: 4, start: parseV4('10.0.0.0'), end: parseV4('10.255.255.255'), prefix: 8 });
    expect(parseNet('::ffff:1.2.3.4')).toMatchObject({ family: 4, start: parseV4('1.2.3.4'), prefix: 32 });
    for (const a of ['10.0.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.169.254', '::1', 'fd00:ec2::254', 'fe80::1', '100.64.0.1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '93.174.95.106']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('IntelMatcher', () => {
  it('matches exact addresses, nested and overlapping CIDRs from several feeds, IPv6, and parent domains', () => {
    const m = IntelMatcher.build([
      {
        feed: 'a',
        indicators: [
          { value: '1.2.3.4', kind: 'ip', confidence: 80 },
          { value: '10.0.0.0/8', kind: 'cidr' },
          { value: '10.1.0.0/16', kind: 'cidr' },
          { value: '2001:db8::/32', kind: 'cidr' },
          { value: 'pool.example', kind: 'domain', category: 'mining' },
        ],
      },
      {
        feed: 'b',
        category: 'tor',
        indicators: [
          { value: '10.1.2.0/24', kind: 'cidr' },
          { value: '2001:db8::5', kind: 'ip' },
        ],
      },
    ]);
    expect(m.ip('1.2.3.4')).toEqual({ indicator: '1.2.3.4', listings: [{ feed: 'a', confidence: 80 }] });
    expect(m.ip('1.2.3.5')).toBeUndefined();
    expect(m.ip('10.9.9.9')?.indicator).toBe('10.0.0.0/8');
    expect(
      m
        .ip('10.1.2.3')
        ?.listings.map((l) => l.feed)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(m.ip('10.1.3.3')?.listings).toHaveLength(1);
    expect(m.ip('11.0.0.0')).toBeUndefined();
    expect(m.ip('9.255.255.255')).toBeUndefined();
    expect(
      m
        .ip('2001:db8::5')
        ?.listings.map((l) => l.feed)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(m.ip('2001:db9::5')).toBeUndefined();
    expect(m.domain('eu.Pool.Example.')?.listings[0]).toMatchObject({ feed: 'a', category: 'mining' });
    expect(m.domain('notpool.example')).toBeUndefined();
  });

  it('honours STIX valid_from/valid_until at matching time', () => {
    const feeds = [
      {
        feed: 's',
        indicators: [
          { value: '5.5.5.5', kind: 'ip' as const, validUntil: '2020-01-01T00:00:00.000Z' },
          { value: '6.6.6.6', kind: 'ip' as const, validFrom: '2030-01-01T00:00:00.000Z' },
          { value: '7.7.7.7', kind: 'ip' as const, validFrom: '2019-01-01T00:00:00.000Z', validUntil: '2031-01-01T00:00:00.000Z' },
        ],
      },
    ];
    const m = IntelMatcher.build(feeds, { now: new Date('2026-01-01T00:00:00Z') });
    expect(m.ip('5.5.5.5')).toBeUndefined();
    expect(m.ip('6.6.6.6')).toBeUndefined();
    expect(m.ip('7.7.7.7')).toBeDefined();
    expect(IntelMatcher.build(feeds, { now: new Date('2019-06-01T00:00:00Z') }).ip('5.5.5.5')).toBeDefined();
  });
});

describe('feed parsers on real feeds', () => {
  it('ipsum: counts per address, --min-level', () => {
    const text = read('ipsum/ipsum.txt');
    const all = parseFeed(text, { format: 'ipsum' });
    expect(all.indicators.length).toBe(120_430);
    expect(all.problems).toEqual([]);
    const lvl3 = parseFeed(text, { format: 'ipsum', minLevel: 3 });
    const expected = read('ipsum/levels/3.txt')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#')).length;
    expect(lvl3.indicators.length).toBe(expected);
    const m = IntelMatcher.build([{ feed: 'ipsum', indicators: all.indicators }]);
    expect(m.ip('93.174.95.106')?.listings[0]).toMatchObject({ feed: 'ipsum', confidence: 80, category: 'malicious' });
  });

  it('tor exit list', () => {
    const p = parseFeed(read('tor-exit-nodes/tor-exit-nodes.lst'), { format: 'tor' });
    expect(p.indicators.length).toBe(1746);
    expect(p.indicators.every((i) => i.category === 'tor')).toBe(true);
    expect(IntelMatcher.build([{ feed: 'tor', indicators: p.indicators }]).ip('101.99.92.179')?.listings[0]?.category).toBe('tor');
  });

  it('domain lists: hosts file and Adblock rules', () => {
    const hosts = parseFeed(read('nocoin-hosts/hosts.txt'), { format: 'domains', category: 'mining' });
    expect(hosts.problems).toEqual([]);
    expect(hosts.indicators.length).toBeGreaterThan(300);
    expect(hosts.indicators.find((i) => i.value === 'ad-miner.com')).toMatchObject({ kind: 'domain', category: 'mining' });
    const adblock = parseFeed(read('nocoin-hosts/nocoin.txt'), { format: 'domains', category: 'mining' });
    expect(adblock.indicators.find((i) => i.value === '2miners.com')).toBeDefined();
    expect(adblock.indicators.find((i) => i.value === '23.83.114.131')).toMatchObject({ kind: 'ip' });
    // CoinBlockerLists is AGPL: read here, never copied into the project.
    const cb = parseFeed(read('coinblockerlists-2018/list.txt'), { format: 'domains', category: 'mining' });
    // 5,837 lines: two host:port entries keep their host; IDN and malformed names are reported by line.
    expect(cb.indicators.length).toBe(5834);
    expect(cb.problems.map((x) => x.line)).toEqual([2979, 2982, 5568]);
    const m = IntelMatcher.build([{ feed: 'cb', indicators: cb.indicators }]);
    expect(m.domain('fr.minexmr.com')).toBeDefined();
    expect(m.domain('x.y.minexmr.com')?.indicator).toBe('minexmr.com');
  });

  it('STIX 2.1 bundles: IPv4 CIDRs, domains, OR-ed comparisons; other patterns ignored', () => {
    const apt1 = parseFeed(read('stix21-examples/examples/threat-reports/apt1.json'), { format: 'stix2' });
    expect(apt1.problems).toEqual([]);
    expect(apt1.indicators.find((i) => i.value === '223.166.0.0/15')).toMatchObject({ kind: 'cidr' });
    expect(apt1.indicators.find((i) => i.value === 'hugesoft.org')).toMatchObject({ kind: 'domain' });
    expect(apt1.ignored).toBeGreaterThan(0); // file hashes and certificates
    const ivy = parseFeed(read('stix21-examples/examples/threat-reports/poisonivy.json'), { format: 'stix2' });
    const values = new Set(ivy.indicators.map((i) => i.value));
    for (const v of ['www.webserver.dynssl.com', '113.10.246.30', '202.65.222.45', 'microsoftc.byinter.net']) expect(values.has(v), v).toBe(true);
    const m = IntelMatcher.build([{ feed: 'apt1', indicators: apt1.indicators }]);
    expect(m.ip('223.167.1.1')?.indicator).toBe('223.166.0.0/15');
  });

  it('CSV with a named or numbered column; plain lists with comments and IPv6', () => {
    const csv = 'first_seen,dst_ip,port\n2026-01-01,1.2.3.4,443\n2026-01-01,2001:db8::1,80\n2026-01-02,not-an-ip!,22\n';
    const p = parseFeed(csv, { format: 'csv', column: 'dst_ip' });
    expect(p.indicators.map((i) => i.value)).toEqual(['1.2.3.4', '2001:db8::1']);
    expect(p.problems).toEqual([{ line: 4, message: '"not-an-ip!" is not an address, CIDR or domain' }]);
    expect(parseFeed(csv, { format: 'csv', column: '2' }).indicators).toHaveLength(2);
    const plain = parseFeed('# list\n1.2.3.0/24 ; block\n2001:db8::/48\n\nbogus\n', { format: 'plain' });
    expect(plain.indicators.map((i) => [i.value, i.kind])).toEqual([
      ['1.2.3.0/24', 'cidr'],
      ['2001:db8::/48', 'cidr'],
    ]);
    expect(plain.problems).toEqual([{ line: 5, message: '"bogus" is not an IP address or CIDR' }]);
  });
});

describe('feed URLs', () => {
  it('refuses private, loopback, link-local and metadata targets unless allowed', async () => {
    const resolve = async (h: string) => (h === 'evil.example' ? ['10.0.0.5'] : ['93.184.216.34']);
    await expect(validateFeedUrl('http://169.254.169.254/latest/meta-data', { resolve })).rejects.toThrow(/private|metadata/);
    await expect(validateFeedUrl('http://127.0.0.1:8080/feed', { resolve })).rejects.toThrow(/private/);
    await expect(validateFeedUrl('http://[::1]/feed', { resolve })).rejects.toThrow(/private/);
    await expect(validateFeedUrl('http://metadata.google.internal/x', { resolve })).rejects.toThrow(/internal/);
    await expect(validateFeedUrl('https://evil.example/feed', { resolve })).rejects.toThrow(/10\.0\.0\.5/);
    await expect(validateFeedUrl('file:///etc/passwd', { resolve })).rejects.toThrow(/http/);
    await expect(validateFeedUrl('https://feeds.example/list.txt', { resolve })).resolves.toBeInstanceOf(URL);
    await expect(validateFeedUrl('http://127.0.0.1:8080/feed', { resolve, allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });
});

describe.each(testDialects().map((d) => [d.name, d] as const))('feeds in the store (%s)', (_n, dialect) => {
  it('stores versions, keeps first-seen across refreshes, and keeps the previous version when a feed goes bad', async () => {
    const store = await dialect.open();
    try {
      const files: Record<string, string> = { '/feeds/x.txt': '1.1.1.1\n2.2.2.0/24\n' };
      const deps = { readText: async (p: string) => files[p] ?? Promise.reject(new Error('ENOENT')), now: () => new Date('2026-11-01T00:00:00Z') };
      const feed = await store.intel.define({ name: 'x', format: 'plain', location: '/feeds/x.txt', options: {}, refresh: '6h', origin: 'cli' });
      expect((await refreshFeed(store, feed, deps)).ok).toBe(true);
      files['/feeds/x.txt'] = '1.1.1.1\n3.3.3.3\n';
      const later = { ...deps, now: () => new Date('2026-11-02T00:00:00Z') };
      const r2 = await refreshFeed(store, (await store.intel.byName('x'))!, later);
      expect(r2).toMatchObject({ ok: true, version: 2, indicators: 2 });
      const v2 = decodeIndicators((await store.intel.currentVersion(feed.id))!.data);
      expect(v2.find((i) => i.value === '1.1.1.1')).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-02T00:00:00.000Z' });
      expect(v2.find((i) => i.value === '3.3.3.3')?.firstSeen).toBe('2026-11-02T00:00:00.000Z');
      files['/feeds/x.txt'] = '<html>not a feed</html>\n';
      const r3 = await refreshFeed(store, (await store.intel.byName('x'))!, later);
      expect(r3.ok).toBe(false);
      expect(r3.error).toMatch(/x\.txt: no indicators.*previous version kept/);
      const listed = await store.intel.byName('x');
      expect(listed).toMatchObject({ status: 'error', version: 2, indicatorCount: 2 });
      const m = await loadIntel(store, {}, { refreshMissing: false });
      expect(m.ip('3.3.3.3')?.listings[0]).toMatchObject({ feed: 'x', firstSeen: '2026-11-02T00:00:00.000Z' });
      expect(m.ip('2.2.2.9')).toBeUndefined();
    } finally {
      await store.dispose();
    }
  });

  it('loads feeds configured in skywatch.yaml relative to the config directory', async () => {
    const store = await dialect.open();
    try {
      const base = testData('tor-exit-nodes');
      const m = await loadIntel(store, { intel: { feeds: [{ name: 'tor', file: 'tor-exit-nodes.lst', format: 'tor' }] } }, { baseDir: base });
      expect(m.ip('101.99.92.179')?.listings[0]).toMatchObject({ feed: 'tor', category: 'tor' });
      expect((await store.intel.byName('tor'))?.location).toBe(join(base, 'tor-exit-nodes.lst'));
    } finally {
      await store.dispose();
    }
  });
});

describe('encoding', () => {
  it('round-trips indicators through the compact blob', () => {
    const list = [
      { value: '1.2.3.4', kind: 'ip' as const, confidence: 50, category: 'tor' as const, firstSeen: 'a', lastSeen: 'b' },
      { value: 'x.example', kind: 'domain' as const },
    ];
    expect(decodeIndicators(encodeIndicators(list))).toEqual(list);
  });
});
