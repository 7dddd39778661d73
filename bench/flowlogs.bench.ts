import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ResourceRecord } from '../src/core/resource.js';
import { rng } from '../src/demo/network-traffic.js';
import { formatV4 } from '../src/engine/intel/ip.js';
import { type Indicator, IntelMatcher } from '../src/engine/intel/matcher.js';
import { openGeo } from '../src/engine/intel/geo.js';
import { AttributionIndex } from '../src/engine/network/attribution.js';
import { flowDetectors } from '../src/engine/network/detectors.js';
import { ingestFlowLogs } from '../src/engine/network/ingest.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/**
 * The flow-log pipeline end to end: v2 lines → index-scanning parser → attribution (1,000 ENIs) →
 * intel matching (BENCH_FLOW_INDICATORS, default 100k) → every flow detector → findings and port
 * observations in a SQLite store. BENCH_FLOW_N records (default 1,000,000; the figure is
 * 10,000,000), streamed from a pool of 200k generated lines whose timestamps move a day forward per
 * cycle (rewritten digit by digit in place; its CPU is reported apart as `generatorCpuMs`, and
 * `pipelineRecordsPerCpuSecond` leaves it out). RSS is sampled as input grows to show it stays flat.
 */
export async function run(args: string[] = []): Promise<BenchResult> {
  const n = Number(process.env.BENCH_FLOW_N ?? 1_000_000);
  // `--stage=enrich`: parse and enrich only (no detectors, no port observations), to time them without the rest's GC.
  const stage = args.find((a) => a.startsWith('--stage='))?.slice('--stage='.length) ?? 'all';
  if (stage !== 'all' && stage !== 'enrich') throw new Error(`--stage=${stage}: expected all or enrich`);
  // `--without=ports,aws-vpc-flow-…`: leave out the port observer and/or detectors by id, to weigh
  // each part's cost in the whole pipeline (in isolation a part's state stays in cache; here it shares it).
  const without = (args.find((a) => a.startsWith('--without='))?.slice('--without='.length) ?? '').split(',').filter(Boolean);
  const maxKeys = process.env.BENCH_FLOW_MAX_KEYS ? Number(process.env.BENCH_FLOW_MAX_KEYS) : undefined;
  // The ingest's own list (the same factories; its known ports come from the empty store).
  const all = flowDetectors(maxKeys === undefined ? {} : { maxKeys });
  for (const w of without)
    if (w !== 'ports' && !all.some((d) => d.id === w))
      throw new Error(`--without=${w}: expected ports or one of the flow detector ids: ${all.map((d) => d.id).join(', ')}`);
  const detectors = without.some((w) => w !== 'ports') ? all.filter((d) => !without.includes(d.id)) : undefined;
  const nInd = Number(process.env.BENCH_FLOW_INDICATORS ?? 100_000);
  const r = rng(9);
  const enis = Array.from({ length: 1000 }, (_, i) => ({ eni: `eni-${(0x100000 + i).toString(16)}`, ip: `10.${Math.floor(i / 250)}.${i % 250}.10` }));
  const peers = Array.from({ length: 50_000 }, () => formatV4(0x17000000 + Math.floor(r() * 0xb0000000)));
  const indicators: Indicator[] = [];
  for (let i = 0; i < nInd; i++)
    indicators.push({
      value: i % 50 === 0 ? (peers[i % peers.length] as string) : formatV4(Math.floor(r() * 2 ** 32)),
      kind: 'ip',
      category: 'malicious',
      confidence: 60,
    });
  const intel = IntelMatcher.build([{ feed: 'bench', indicators }]);
  const inventory = enis.map((e) => ({
    record: {
      id: `arn:aws:ec2:us-east-1:111111111111:network-interface/${e.eni}`,
      type: 'aws.ec2.network-interface',
      provider: 'aws',
      account: '111111111111',
      region: 'us-east-1',
      name: e.eni,
      tags: {},
      config: { NetworkInterfaceId: e.eni, PrivateIpAddress: e.ip, Groups: [{ GroupId: 'sg-1' }] },
    } satisfies ResourceRecord,
  }));
  const index = AttributionIndex.fromInventory(inventory);

  const POOL = 200_000;
  const t0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
  const lines: string[] = [];
  for (let i = 0; i < POOL; i++) {
    const h = enis[Math.floor(r() * enis.length)] as { eni: string; ip: string };
    const peer = peers[Math.floor(r() * peers.length)] as string;
    const t = t0 + Math.floor((i / POOL) * 86_400);
    const inbound = r() < 0.5;
    const port = [443, 443, 443, 80, 22, 5432, 8080, 3306][Math.floor(r() * 8)] as number;
    const eph = 32768 + Math.floor(r() * 28000);
    const bytes = 100 + Math.floor(r() * 100_000);
    const action = r() < 0.1 ? 'REJECT' : 'ACCEPT';
    lines.push(
      inbound
        ? `2 111111111111 ${h.eni} ${peer} ${h.ip} ${eph} ${port} 6 ${1 + Math.floor(bytes / 1400)} ${bytes} ${t} ${t + 60} ${action} OK`
        : `2 111111111111 ${h.eni} ${h.ip} ${peer} ${eph} ${port} 6 ${1 + Math.floor(bytes / 1400)} ${bytes} ${t} ${t + 60} ${action} OK`,
    );
  }
  // ~1 MB chunks of the pool, cycled; each cycle moves the pool's day forward (its start/end digits are
  // rewritten in place), so time advances as in real logs and windows behave as they would.
  const chunks: Buffer[] = [];
  const stamps: Int32Array[] = [];
  for (let i = 0; i < POOL; i += 10_000) {
    const text = `${lines.slice(i, i + 10_000).join('\n')}\n`;
    const buf = Buffer.from(text, 'latin1');
    const offs: number[] = [];
    for (const m of text.matchAll(/ (1\d{9}) (1\d{9}) /g)) offs.push((m.index ?? 0) + 1, (m.index ?? 0) + 12);
    chunks.push(buf);
    stamps.push(Int32Array.from(offs));
  }
  const poolBytes = chunks.reduce((s, c) => s + c.length, 0);
  lines.length = 0;

  const rss: { records: number; rssMb: number }[] = [];
  let produced = 0;
  /** CPU spent making input (copying and re-stamping the pool): not the pipeline's, so reported apart. */
  let generatorCpuUs = 0;
  function* source(): Generator<Buffer> {
    let k = 0;
    while (produced < n) {
      const idx = k % chunks.length;
      const cycle = Math.floor(k++ / chunks.length);
      const g0 = process.cpuUsage();
      const c = Buffer.from(chunks[idx] as Buffer);
      if (cycle > 0) for (const off of stamps[idx] as Int32Array) addDecimal(c, off, 10, cycle * 86_400);
      produced += 10_000;
      const g = process.cpuUsage(g0);
      generatorCpuUs += g.user + g.system;
      if (k % 50 === 0) rss.push({ records: produced, rssMb: Math.round(process.memoryUsage().rss / 1e6) });
      yield c;
    }
  }
  const home = mkdtempSync(join(tmpdir(), 'sw-bench-flow-'));
  const store = await openStore({ home });
  const geo = process.env.BENCH_FLOW_GEO === '1' ? openGeo() : undefined;
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await ingestFlowLogs(['s3://bench/flows/'], {
    store,
    intel,
    index,
    ...(geo && { geo }),
    checkpoint: false,
    // Saves are taken on the ingest's own cadence unless BENCH_FLOW_SAVE_EVERY (lines) fixes it.
    ...(process.env.BENCH_FLOW_SAVE_EVERY && { checkpointEvery: Number(process.env.BENCH_FLOW_SAVE_EVERY) }),
    ...(detectors && { detectors }),
    ...(without.includes('ports') && { observePorts: false }),
    ...(stage === 'enrich' && { detectors: [], observePorts: false }),
    // The detectors' per-key cap (default 100k keys per windowed detector): their state grows until it is reached.
    ...(maxKeys !== undefined && { limits: { maxKeys, maxEvidence: 20 } }),
    s3: {
      async *list() {
        yield 'synthetic.log';
      },
      get: async () => Readable.from(source()),
    },
  });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  rmSync(home, { recursive: true, force: true });
  const sampled = rss.filter((_, i) => i % Math.max(1, Math.floor(rss.length / 8)) === 0);
  return {
    name: 'flowlogs',
    stage,
    without,
    records: report.records,
    indicators: nInd,
    poolMb: Math.round(poolBytes / 1e6),
    seconds: Math.round(ms / 100) / 10,
    recordsPerSec: Math.round(report.records / (ms / 1000)),
    recordsPerCpuSecond: Math.round(report.records / cpuSeconds),
    // The same without the bench's own input generator: the pipeline's figure.
    pipelineRecordsPerCpuSecond: Math.round(report.records / (cpuSeconds - generatorCpuUs / 1e6)),
    generatorCpuMs: Math.round(generatorCpuUs / 1000),
    errors: report.errors,
    findings: report.findingsCreated,
    hits: report.hits,
    portsObserved: report.portsObserved,
    stageMs: report.stageMs,
    storeMs: report.storeMs,
    geo: Boolean(geo),
    rssMbAsInputGrows: sampled,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

/** Adds `add` to the `len`-digit decimal at `off`, in place (no string per timestamp). */
function addDecimal(buf: Buffer, off: number, len: number, add: number): void {
  let carry = add;
  for (let i = off + len - 1; i >= off && carry > 0; i--) {
    const d = (buf[i] as number) - 48 + carry;
    buf[i] = 48 + (d % 10);
    carry = Math.floor(d / 10);
  }
  if (carry > 0) throw new Error('bench timestamp overflowed its digits');
}
