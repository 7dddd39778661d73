import { isIP } from 'node:net';

/**
 * Address classification shared by outbound-URL validation (integrations) and context (which
 * addresses in evidence are internet peers). Pure: no DNS here; callers resolve first.
 */
function v4(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

/** True for loopback, private (RFC 1918, ULA), link-local (incl. 169.254.169.254 metadata), CGNAT, unspecified and multicast. */
export function isNonPublicIp(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) {
    const [a = 0, b = 0] = v4(ip) ?? [];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (kind === 6) {
    const s = ip.toLowerCase();
    if (s === '::' || s === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (mapped?.[1]) return isNonPublicIp(mapped[1]);
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(s) || s.startsWith('fd00:ec2::');
  }
  return false;
}

export function isPublicIp(ip: string): boolean {
  return isIP(ip) !== 0 && !isNonPublicIp(ip);
}

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

/** Every IP address mentioned in a value (nested objects and arrays, two levels deep is enough for evidence). */
export function ipsIn(value: unknown, depth = 3): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, d: number) => {
    if (typeof v === 'string') {
      for (const m of v.match(IPV4) ?? []) if (isIP(m)) out.add(m);
      if (isIP(v) === 6) out.add(v);
    } else if (d > 0 && Array.isArray(v)) for (const x of v) walk(x, d - 1);
    else if (d > 0 && v && typeof v === 'object') for (const x of Object.values(v)) walk(x, d - 1);
  };
  walk(value, depth);
  return [...out];
}

/** 0…2^32-1 → `a.b.c.d`, as `dottedQuad(…, true)` reads it back. */
export function dottedQuadText(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * `a.b.c.d` → 0…2^32-1, or -1 when it is not a dotted quad; with `exact`, also -1 unless the text is
 * exactly how that number prints (no leading zeros), so a number can stand in for the text as a key.
 * Hand-rolled without allocations: it runs per flow record (intel matching, detector keys).
 */
export function dottedQuad(s: string, exact: boolean): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (exact && digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? n * 256 + part : -1;
}
