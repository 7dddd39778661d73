/**
 * Address arithmetic without allocations on the hot path: IPv4 as an unsigned 32-bit number,
 * IPv6 as eight 16-bit words. Everything returns `undefined` for text that is not an address.
 */
import { dottedQuad, dottedQuadText } from '../../core/net.js';

/** `a.b.c.d` → 0…2^32-1, or -1 when it is not a dotted quad (leading zeros allowed). */
export function parseV4(s: string): number {
  return dottedQuad(s, false);
}

export function formatV4(n: number): string {
  return dottedQuadText(n);
}

/** IPv6 text (incl. `::` and an embedded IPv4 tail) → 8 words, or undefined. */
export function parseV6(s: string): Uint16Array | undefined {
  if (s.indexOf(':') < 0) return undefined;
  const zone = s.indexOf('%');
  const text = zone >= 0 ? s.slice(0, zone) : s;
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return undefined;
  const head = dbl >= 0 ? text.slice(0, dbl) : text;
  const tail = dbl >= 0 ? text.slice(dbl + 2) : '';
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 < 0) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const h = words(head);
  const t = words(tail);
  if (!h || !t) return undefined;
  if (dbl < 0 && h.length !== 8) return undefined;
  if (dbl >= 0 && h.length + t.length > 7) return undefined;
  const w = new Uint16Array(8);
  h.forEach((v, i) => {
    w[i] = v;
  });
  t.forEach((v, i) => {
    w[8 - t.length + i] = v;
  });
  return w;
}

/** A fixed-width key for a (masked) IPv6 address: 32 hex digits. */
export function v6Key(w: Uint16Array, prefix = 128): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    out += ((w[i] ?? 0) & mask).toString(16).padStart(4, '0');
  }
  return out;
}

/** Canonical (RFC 5952-ish, lower case, longest zero run compressed) text for 8 words. */
export function formatV6(w: Uint16Array): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = Array.from(w, (x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export type ParsedNet = { family: 4; start: number; end: number; prefix: number } | { family: 6; words: Uint16Array; prefix: number };

/** An address or CIDR (`10.0.0.0/8`, `2001:db8::/32`); host bits of a CIDR are masked off. */
export function parseNet(text: string): ParsedNet | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const pfxText = slash >= 0 ? s.slice(slash + 1) : undefined;
  if (pfxText !== undefined && !/^\d{1,3}$/.test(pfxText)) return undefined;
  const v4 = parseV4(addr);
  if (v4 >= 0) {
    const prefix = pfxText === undefined ? 32 : Number(pfxText);
    if (prefix > 32) return undefined;
    const size = 2 ** (32 - prefix);
    const start = Math.floor(v4 / size) * size;
    return { family: 4, start, end: start + size - 1, prefix };
  }
  const w = parseV6(addr);
  if (!w) return undefined;
  const prefix = pfxText === undefined ? 128 : Number(pfxText);
  if (prefix > 128) return undefined;
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
  if (prefix >= 96 && w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    const n = ((w[6] ?? 0) * 65536 + (w[7] ?? 0)) >>> 0;
    return parseNet(`${formatV4(n)}/${prefix - 96}`);
  }
  const masked = new Uint16Array(8);
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    masked[i] = (w[i] ?? 0) & (bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff);
  }
  return { family: 6, words: masked, prefix };
}

export function formatNet(n: ParsedNet): string {
  if (n.family === 4) return n.prefix === 32 ? formatV4(n.start) : `${formatV4(n.start)}/${n.prefix}`;
  return n.prefix === 128 ? formatV6(n.words) : `${formatV6(n.words)}/${n.prefix}`;
}

export function isIpAddress(text: string): boolean {
  return parseV4(text) >= 0 || parseV6(text) !== undefined;
}

/** The IPv4 test of `isPrivateAddress` on a parsed address: a few comparisons, no allocation. */
export function isPrivateV4(n: number): boolean {
  const a = n >>> 24;
  const b = (n >>> 16) & 255;
  if (a === 10 || a === 127 || a === 0 || a >= 224) return true;
  if (a === 172) return b >= 16 && b < 32;
  if (a === 192) return b === 168 || (b === 0 && ((n >>> 8) & 255) === 0);
  if (a === 169) return b === 254;
  if (a === 100) return b >= 64 && b < 128;
  if (a === 198) return b === 18 || b === 19;
  return false;
}

/**
 * Not routable on the internet: RFC 1918, loopback, link-local (incl. the 169.254.169.254 metadata
 * service), CGNAT, multicast, reserved; IPv6 loopback, unspecified, ULA fc00::/7, link-local fe80::/10.
 */
export function isPrivateAddress(text: string): boolean {
  const v4 = parseV4(text);
  if (v4 >= 0) return isPrivateV4(v4);
  const w = parseV6(text);
  if (!w) return false;
  const net = parseNet(text);
  if (net?.family === 4) return isPrivateAddress(formatV4(net.start));
  const first = w[0] ?? 0;
  const allZeroHead = w.slice(0, 7).every((x) => x === 0);
  if (allZeroHead && (w[7] === 0 || w[7] === 1)) return true;
  if ((first & 0xfe00) === 0xfc00) return true;
  if ((first & 0xffc0) === 0xfe80) return true;
  if ((first & 0xff00) === 0xff00) return true;
  // fd00:ec2::254 (the IPv6 metadata endpoint) is inside fc00::/7 already.
  return false;
}

// A direct-mapped cache of formatted IPv4 addresses: flow logs repeat a bounded set of peers, and
// formatting one costs four number-to-string conversions and three concatenations.
const TEXT_BITS = 18;
const textKeys = new Int32Array(1 << TEXT_BITS);
const textVals: (string | undefined)[] = new Array<string | undefined>(1 << TEXT_BITS).fill(undefined);

/** `formatV4(n)` through a 256k-slot cache (the same string object for a repeated address). */
export function v4Text(n: number): string {
  const slot = Math.imul(n, 0x9e3779b1) >>> (32 - TEXT_BITS);
  const v = textVals[slot];
  if (v !== undefined && textKeys[slot] === (n | 0)) return v;
  const s = formatV4(n >>> 0);
  textKeys[slot] = n | 0;
  textVals[slot] = s;
  return s;
}
