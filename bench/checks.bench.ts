import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import SQLite from 'better-sqlite3';
import { join } from 'node:path';
import type { ResourceRecord } from '../src/core/resource.js';
import { type CheckUnit, defineCheck, fail, pass } from '../src/core/units/check.js';
import { runChecks } from '../src/engine/detect/config/engine.js';
import { loadUnits } from '../src/engine/units.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/**
 * N synthetic resources streamed from the embedded store × the full check library.
 * Resources are cloned from the checks' own fixtures (so every check sees configs it understands),
 * spread over the resource types the library checks. Figures:
 * - `evaluate`: stream + graph + evaluate only (persist: false) — the engine's throughput;
 * - `persist`: the full run writing findings and per-check results, on min(N, BENCH_CHECKS_PERSIST_N);
 * - `persistNextRun`: the same again a day later (findings unchanged: the steady state).
 * resource-checks/s per core = evaluations / CPU seconds of this single-threaded process.
 * BENCH_CHECKS_N (default 50 000; 1 000 000 for the issue's figure), BENCH_CHECKS_BATCH (1000).
 */
export async function run(): Promise<BenchResult> {
  const registry = loadUnits().checks;
  return benchChecks(registry.length ? registry : fallbackChecks(), registry.length ? 'registry' : 'fallback (no checks in the registry: 6 synthetic checks)');
}

export async function benchChecks(checks: readonly CheckUnit[], library: string): Promise<BenchResult> {
  const n = Number(process.env.BENCH_CHECKS_N ?? 50_000);
  const persistN = Math.min(n, Number(process.env.BENCH_CHECKS_PERSIST_N ?? 20_000));
  const batch = Number(process.env.BENCH_CHECKS_BATCH ?? 1000);
  const templates = templatesByType(checks);
  const types = [...templates.keys()].sort();

  const home = mkdtempSync(join(tmpdir(), 'sw-bench-checks-'));
  const store = await openStore({ home });
  const make = (i: number): ResourceRecord => {
    const type = types[i % types.length] as string;
    const list = templates.get(type) as ResourceRecord[];
    const t = list[Math.floor(i / types.length) % list.length] as ResourceRecord;
    const account = `1000000000${String(i % 50).padStart(2, '0')}`;
    return { ...t, id: `arn:aws:bench:us-east-1:${account}:${type}/${i}`, account, name: `r${i}` };
  };
  // Seeding writes rows directly (no change history): it prepares the inventory, it is not measured.
  const t = performance.now();
  seed(store.db.location, n, make);
  const seedMs = performance.now() - t;

  const measure = async <T>(fn: () => Promise<T>) => {
    // The 25 ms sampler fires only when the phase yields to the event loop, and a run over the
    // synchronous SQLite driver rarely does: the process's high-water mark is used too whenever the
    // phase raised it (exact then; otherwise the samples are a lower bound).
    const maxBefore = process.resourceUsage().maxRSS * 1024;
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await fn();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const maxAfter = process.resourceUsage().maxRSS * 1024;
    if (maxAfter > maxBefore) peak = Math.max(peak, maxAfter);
    return { r, ms, cpuS: (cpu.user + cpu.system) / 1e6, peakRssMb: Math.round(peak / 1048576) };
  };
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1048576);
  const ev = await measure(() => runChecks(store, { checks, batchSize: batch, persist: false, now: new Date('2026-11-27T00:00:00Z') }));

  // The persisting run on a prefix of accounts so it stays runnable by default.
  const accounts = [...new Set(Array.from({ length: Math.min(50, Math.ceil((persistN / n) * 50)) }, (_, i) => `1000000000${String(i).padStart(2, '0')}`))];
  const pe = await measure(() => runChecks(store, { checks, batchSize: batch, accounts, now: new Date('2026-11-27T00:00:00Z') }));
  // The next scan: the same findings again, the steady state of a deployment.
  const ps = await measure(() => runChecks(store, { checks, batchSize: batch, accounts, now: new Date('2026-11-28T00:00:00Z') }));
  await store.close();
  rmSync(home, { recursive: true, force: true });
  const rate = (evals: number, s: number) => Math.round(evals / s);
  return {
    name: 'checks',
    definition:
      'resource-checks = evaluations performed: each streamed resource meets only the checks of its type (pass, fail, error or not-applicable each count once); per core = per CPU-second of this process',
    dialect: 'sqlite',
    library,
    checks: checks.length,
    resourceTypes: types.length,
    resources: n,
    batch,
    cores: availableParallelism(),
    seedResourcesPerSec: Math.round(n / (seedMs / 1000)),
    evaluate: {
      evaluations: ev.r.evaluations,
      seconds: +(ev.ms / 1000).toFixed(2),
      resourceChecksPerSec: rate(ev.r.evaluations, ev.ms / 1000),
      resourceChecksPerSecPerCore: rate(ev.r.evaluations, ev.cpuS),
      counts: ev.r.counts,
      rssBeforeMb,
      peakRssMb: ev.peakRssMb,
    },
    persist: {
      resources: pe.r.resources,
      evaluations: pe.r.evaluations,
      findingsCreated: pe.r.findings.created,
      seconds: +(pe.ms / 1000).toFixed(2),
      resourceChecksPerSec: rate(pe.r.evaluations, pe.ms / 1000),
      resourceChecksPerSecPerCore: rate(pe.r.evaluations, pe.cpuS),
      peakRssMb: pe.peakRssMb,
    },
    persistNextRun: {
      evaluations: ps.r.evaluations,
      findingsUnchanged: ps.r.findings.updated,
      seconds: +(ps.ms / 1000).toFixed(2),
      resourceChecksPerSec: rate(ps.r.evaluations, ps.ms / 1000),
      resourceChecksPerSecPerCore: rate(ps.r.evaluations, ps.cpuS),
      peakRssMb: ps.peakRssMb,
    },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * Writes n resources through a second connection to the store's SQLite file, closed before anything
 * is measured (the evaluate phase reads through the real store code). Fast because the secondary
 * indexes of `resources` are dropped while inserting and rebuilt once from the schema's own SQL (one
 * sort each instead of a random B-tree insert per row per index, which thrashed the page cache and
 * took ~20 min for 1M rows), and rows go in as prepared 100-row INSERTs, 20 000 per transaction.
 * Rows keep the same order (so the same rowid layout) as before.
 */
function seed(file: string, n: number, make: (i: number) => ResourceRecord): void {
  const db = new SQLite(file);
  try {
    db.pragma('synchronous = OFF');
    const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'resources' and sql is not null").all() as {
      name: string;
      sql: string;
    }[];
    for (const ix of indexes) db.exec(`drop index "${ix.name}"`);
    const at = '2026-11-20T00:00:00.000Z';
    const perStatement = 100;
    const row = '(?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, null, null)';
    const columns = 'id, type, provider, account, region, name, arn, tags, config, hash, first_seen, last_seen, deleted_at, scan_id';
    const insert = (rows: number) => db.prepare(`insert into resources (${columns}) values ${Array(rows).fill(row).join(', ')}`);
    const full = insert(perStatement);
    const write = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i += perStatement) {
        const end = Math.min(to, i + perStatement);
        const args: unknown[] = [];
        for (let j = i; j < end; j++) {
          const r = make(j);
          args.push(r.id, r.type, r.provider, r.account, r.region, r.name, JSON.stringify(r.tags), JSON.stringify(r.config), String(j), at, at);
        }
        (end - i === perStatement ? full : insert(end - i)).run(...args);
      }
    });
    for (let k = 0; k < n; k += 20_000) write(k, Math.min(n, k + 20_000));
    for (const ix of indexes) db.exec(ix.sql);
  } finally {
    db.close();
  }
}

/** One template resource per fixture, by resource type. */
function templatesByType(checks: readonly CheckUnit[]): Map<string, ResourceRecord[]> {
  const out = new Map<string, ResourceRecord[]>();
  for (const c of checks)
    for (const f of c.fixtures) {
      if (f.related) continue;
      const r: ResourceRecord = {
        id: '',
        type: c.resourceType,
        provider: c.provider,
        account: '',
        region: 'us-east-1',
        name: '',
        tags: {},
        ...f.resource,
        config: f.resource.config as Record<string, unknown>,
      } as ResourceRecord;
      (out.get(c.resourceType) ?? out.set(c.resourceType, []).get(c.resourceType))?.push(r);
    }
  return out;
}

/** Used only when the registry has no checks (a branch without the library): the same shape of work. */
function fallbackChecks(): CheckUnit[] {
  const mk = (id: string, type: string, test: (c: Record<string, any>) => boolean, good: Record<string, unknown>, bad: Record<string, unknown>) =>
    defineCheck<Record<string, any>>({
      id,
      title: id,
      provider: 'aws',
      resourceType: type,
      severity: 'medium',
      risk: 'bench',
      remediation: { text: 'bench' },
      compliance: [],
      evaluate: (r) => (test(r.config) ? pass() : fail(`${id} failed`)),
      fixtures: [
        { name: 'good', resource: { config: good }, expect: 'pass' },
        { name: 'bad', resource: { config: bad }, expect: 'fail' },
      ],
    }) as CheckUnit;
  return [
    mk(
      'b-imdsv2',
      'aws.ec2.instance',
      (c) => c.MetadataOptions?.HttpTokens === 'required',
      { MetadataOptions: { HttpTokens: 'required' } },
      { MetadataOptions: { HttpTokens: 'optional' } },
    ),
    mk(
      'b-ssh',
      'aws.ec2.security-group',
      (c) => !(c.IpPermissions ?? []).some((p: any) => p.FromPort <= 22 && p.ToPort >= 22),
      { IpPermissions: [] },
      { IpPermissions: [{ FromPort: 22, ToPort: 22 }] },
    ),
    mk('b-versioning', 'aws.s3.bucket', (c) => c.versioning?.Status === 'Enabled', { versioning: { Status: 'Enabled' } }, { versioning: {} }),
    mk('b-encrypted', 'aws.ec2.volume', (c) => c.Encrypted === true, { Encrypted: true }, { Encrypted: false }),
    mk('b-rotation', 'aws.kms.key', (c) => c.rotationEnabled === true, { rotationEnabled: true }, { rotationEnabled: false }),
    mk('b-public', 'aws.rds.db-instance', (c) => c.PubliclyAccessible !== true, { PubliclyAccessible: false }, { PubliclyAccessible: true }),
  ];
}
