import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader } from 'mmdb-lib';
import type { GeoInfo, GeoLookup } from '../../core/intel.js';
import { parseV4, parseV6 } from './ip.js';

export interface GeoOptions {
  /** An MMDB with `country_code` or MaxMind-style `country.iso_code` (default: the bundled geo-whois-asn-country, CC0). */
  mmdb?: string;
  /** ASN ranges as `start,end,asn,org` CSV (default: @ip-location-db/asn); `false` skips ASN. */
  asnV4Csv?: string | false;
  asnV6Csv?: string | false;
}

function packageFile(pkg: string, file: string): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve(`${pkg}/package.json`)), file);
}

interface AsnTable {
  starts: Float64Array;
  ends: Float64Array;
  asn: Uint32Array;
  org: string[];
}

/** `start,end,asn,"org"` lines with numeric or textual addresses, sorted by start. */
function loadAsn(file: string, toNum: (s: string) => number): AsnTable {
  const text = readFileSync(file, 'latin1');
  const starts: number[] = [];
  const ends: number[] = [];
  const asns: number[] = [];
  const orgs: string[] = [];
  const orgOf: number[] = [];
  const orgIndex = new Map<string, number>();
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const c3 = line.indexOf(',', c2 + 1);
    if (c1 < 0 || c2 < 0 || c3 < 0) continue;
    const s = toNum(line.slice(0, c1));
    const e = toNum(line.slice(c1 + 1, c2));
    if (!(s >= 0) || !(e >= 0)) continue;
    let org = line.slice(c3 + 1).trim();
    if (org.startsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
    let oi = orgIndex.get(org);
    if (oi === undefined) {
      oi = orgs.length;
      orgs.push(org);
      orgIndex.set(org, oi);
    }
    starts.push(s);
    ends.push(e);
    asns.push(Number(line.slice(c2 + 1, c3)));
    orgOf.push(oi);
  }
  // Org names repeat a lot: each distinct name is one string shared by its ranges.
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), asn: Uint32Array.from(asns), org: orgOf.map((i) => orgs[i] as string) };
}

function findRange(t: AsnTable, n: number): number {
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.starts[mid] as number) <= n) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && n <= (t.ends[hi] as number) ? hi : -1;
}

/** The top 64 bits of an IPv6 address as a float: ASN allocations are never longer than /64. */
function v6High(s: string): number {
  const w = parseV6(s);
  if (!w) return -1;
  return (w[0] ?? 0) * 2 ** 48 + (w[1] ?? 0) * 2 ** 32 + (w[2] ?? 0) * 2 ** 16 + (w[3] ?? 0);
}

/** The numeric CSV gives IPv6 as a decimal 128-bit integer: keep its top 64 bits. */
function v6NumHigh(s: string): number {
  if (!/^\d+$/.test(s)) return v6High(s);
  return Number(BigInt(s) >> 64n);
}

/**
 * Offline country and ASN: the MMDB is read once into memory; the ASN tables load lazily on the
 * first lookup of each family (they are tens of MB of CSV), so commands that never look up pay nothing.
 */
export function openGeo(opts: GeoOptions = {}): GeoLookup & { close(): void } {
  let reader: Reader<Record<string, unknown>> | null | undefined;
  let v4: AsnTable | null | undefined;
  let v6: AsnTable | null | undefined;
  // Per address, null for "nothing known": one Map lookup per event answers both hit and miss.
  const cache = new Map<string, GeoInfo | null>();
  const mmdb = () => {
    if (reader === undefined) {
      try {
        reader = new Reader(readFileSync(opts.mmdb ?? packageFile('@ip-location-db/geo-whois-asn-country-mmdb', 'geo-whois-asn-country.mmdb')));
      } catch {
        reader = null;
      }
    }
    return reader;
  };
  const asnTable = (family: 4 | 6): AsnTable | null => {
    if (family === 4) {
      if (v4 === undefined) {
        const file = opts.asnV4Csv === undefined ? packageFile('@ip-location-db/asn', 'asn-ipv4-num.csv') : opts.asnV4Csv;
        try {
          v4 = file ? loadAsn(file, (s) => (/^\d+$/.test(s) ? Number(s) : parseV4(s))) : null;
        } catch {
          v4 = null;
        }
      }
      return v4;
    }
    if (v6 === undefined) {
      const file = opts.asnV6Csv === undefined ? packageFile('@ip-location-db/asn', 'asn-ipv6-num.csv') : opts.asnV6Csv;
      try {
        v6 = file ? loadAsn(file, v6NumHigh) : null;
      } catch {
        v6 = null;
      }
    }
    return v6;
  };
  return {
    lookup(address) {
      const hit = cache.get(address);
      if (hit !== undefined) return hit ?? undefined;
      const n4 = parseV4(address);
      const is6 = n4 < 0 && parseV6(address) !== undefined;
      if (n4 < 0 && !is6) return undefined;
      const info: GeoInfo = {};
      const rec = mmdb()?.get(address) as { country_code?: string; country?: { iso_code?: string } } | null | undefined;
      const cc = rec?.country_code ?? rec?.country?.iso_code;
      if (cc) info.country = cc;
      const t = asnTable(is6 ? 6 : 4);
      if (t) {
        const i = findRange(t, is6 ? v6High(address) : n4);
        if (i >= 0) {
          info.asn = t.asn[i] as number;
          info.asOrg = t.org[i] as string;
        }
      }
      const out = Object.keys(info).length ? info : undefined;
      if (cache.size > 100_000) cache.clear();
      cache.set(address, out ?? null);
      return out;
    },
    close() {
      reader = null;
      v4 = null;
      v6 = null;
      cache.clear();
    },
  };
}
