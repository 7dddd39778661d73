import { IntelMatcher, type Indicator } from '../src/engine/intel/matcher.js';
import { formatV4, parseV4 } from '../src/engine/intel/ip.js';
import type { BenchResult } from './run.js';

/** A deterministic pseudo-random sequence (no Math.random: figures must be repeatable). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The threat-intel matcher: N indicators (addresses, IPv4 CIDRs /16–/30, IPv6 /48s and addresses,
 * domains), then lookups of random IPv4 addresses (string form, as flow records give them), IPv6
 * addresses and domains. BENCH_INTEL_N (default 1,000,000), BENCH_INTEL_LOOKUPS (default 2,000,000).
 */
export async function run(): Promise<BenchResult> {
  const n = Number(process.env.BENCH_INTEL_N ?? 1_000_000);
  const lookups = Number(process.env.BENCH_INTEL_LOOKUPS ?? 2_000_000);
  const r = rng(42);
  const inds: Indicator[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    if (k < 6) inds.push({ value: formatV4(Math.floor(r() * 2 ** 32)), kind: 'ip', confidence: 50 });
    else if (k < 8) {
      const prefix = 16 + Math.floor(r() * 15);
      const size = 2 ** (32 - prefix);
      inds.push({ value: `${formatV4(Math.floor((r() * 2 ** 32) / size) * size)}/${prefix}`, kind: 'cidr' });
    } else if (k < 9) inds.push({ value: `2001:db8:${Math.floor(r() * 65536).toString(16)}::${Math.floor(r() * 65536).toString(16)}`, kind: 'ip' });
    else inds.push({ value: `d${i.toString(36)}.example${i % 97}.net`, kind: 'domain' });
  }
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const m = IntelMatcher.build([{ feed: 'bench', indicators: inds }]);
  const buildMs = performance.now() - t;
  const queries = Array.from({ length: 100_000 }, () => formatV4(Math.floor(r() * 2 ** 32)));
  let hits = 0;
  t = performance.now();
  // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < lookups; i++) if (m.ip(queries[i % queries.length] as string)) hits++;
  const v4Ms = performance.now() - t;
  const v4Cpu = process.cpuUsage(cpu0);
  const v4CpuS = (v4Cpu.user + v4Cpu.system) / 1e6;
  // The same lookups with the address already a number (what a parser that yields numbers can call).
  const nums = Uint32Array.from(queries.map((q) => parseV4(q)));
  t = performance.now();
  for (let i = 0; i < lookups; i++) if (m.ipv4(nums[i % nums.length] as number)) hits++;
  const v4NumMs = performance.now() - t;
  const v6q = Array.from({ length: 10_000 }, () => `2001:db8:${Math.floor(r() * 65536).toString(16)}::${Math.floor(r() * 65536).toString(16)}`);
  const v6n = Math.min(lookups, 500_000);
  t = performance.now();
  let c0 = process.cpuUsage();
  for (let i = 0; i < v6n; i++) if (m.ip(v6q[i % v6q.length] as string)) hits++;
  const v6Ms = performance.now() - t;
  let c1 = process.cpuUsage(c0);
  const v6CpuS = (c1.user + c1.system) / 1e6;
  const dq = Array.from({ length: 10_000 }, (_, i) => `www.d${(i * 37).toString(36)}.example${(i * 37) % 97}.net`);
  t = performance.now();
  c0 = process.cpuUsage();
  for (let i = 0; i < v6n; i++) if (m.domain(dq[i % dq.length] as string)) hits++;
  const domMs = performance.now() - t;
  c1 = process.cpuUsage(c0);
  const domCpuS = (c1.user + c1.system) / 1e6;
  return {
    name: 'intel',
    indicators: n,
    stats: m.stats(),
    buildMs: Math.round(buildMs),
    ipv4LookupsPerSec: Math.round(lookups / (v4Ms / 1000)),
    ipv4LookupsPerCpuSecond: Math.round(lookups / v4CpuS),
    ipv4NumericLookupsPerSec: Math.round(lookups / (v4NumMs / 1000)),
    ipv6LookupsPerSec: Math.round(v6n / (v6Ms / 1000)),
    ipv6LookupsPerCpuSecond: Math.round(v6n / v6CpuS),
    domainLookupsPerSec: Math.round(v6n / (domMs / 1000)),
    domainLookupsPerCpuSecond: Math.round(v6n / domCpuS),
    hits,
    matcherRssMb: Math.round((process.memoryUsage().rss - rss0) / 1e6),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  };
}
