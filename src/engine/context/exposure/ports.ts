/** Port-interval algebra and CIDR helpers for reachability: small, pure, exhaustively testable. */
export type Proto = 'tcp' | 'udp' | 'icmp';
export const PROTOS: readonly Proto[] = ['tcp', 'udp', 'icmp'];
export type Interval = [number, number];

/** `-1`/`all` → every protocol; numbers and names → ours; anything else (e.g. 50 ESP) → none we report. */
export function protosOf(p: unknown): Proto[] {
  const s = String(p ?? '-1').toLowerCase();
  if (s === '-1' || s === 'all') return [...PROTOS];
  if (s === '6' || s === 'tcp') return ['tcp'];
  if (s === '17' || s === 'udp') return ['udp'];
  if (s === '1' || s === 'icmp' || s === '58' || s === 'icmpv6') return ['icmp'];
  return [];
}

export function fullRange(p: Proto): Interval {
  return p === 'icmp' ? [0, 0] : [0, 65535];
}

export function normalise(list: Interval[]): Interval[] {
  const s = list.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a1, a2] of a) for (const [b1, b2] of b) if (Math.max(a1, b1) <= Math.min(a2, b2)) out.push([Math.max(a1, b1), Math.min(a2, b2)]);
  return normalise(out);
}

export function covers(list: Interval[], port: number): boolean {
  return list.some(([a, b]) => a <= port && port <= b);
}

export function fmtRanges(p: Proto, list: Interval[]): string {
  if (p === 'icmp') return 'icmp';
  return list.map(([a, b]) => (a === 0 && b === 65535 ? `${p}/all` : a === b ? `${p}/${a}` : `${p}/${a}-${b}`)).join(', ');
}

function v4ToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
  return (((parts[0] as number) << 24) >>> 0) + ((parts[1] as number) << 16) + ((parts[2] as number) << 8) + (parts[3] as number);
}

/** Whether CIDR `outer` contains every address of CIDR `inner` (IPv4; IPv6 only `::/0` and equality). */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer === '::/0') return inner.includes(':');
  if (outer.includes(':') || inner.includes(':')) return false;
  const [oa = '', ob = '32'] = outer.split('/');
  const [ia = '', ib = '32'] = inner.split('/');
  const o = v4ToInt(oa);
  const i = v4ToInt(ia);
  const op = Number(ob);
  const ip = Number(ib);
  if (o === undefined || i === undefined || ip < op) return false;
  if (op === 0) return true;
  const mask = (0xffffffff << (32 - op)) >>> 0;
  return (o & mask) >>> 0 === (i & mask) >>> 0;
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'];

/** A source CIDR that includes internet addresses (not only private/shared/link-local space). */
export function isInternetCidr(cidr: string): boolean {
  if (cidr === '0.0.0.0/0' || cidr === '::/0') return true;
  if (cidr.includes(':')) return !/^f[cd]|^fe[89ab]|^::1/i.test(cidr);
  return !PRIVATE_V4.some((p) => cidrContains(p, cidr));
}

export function isAnywhere(cidr: string): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}
