import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { memoryGraph } from '../src/core/resource.js';
import { analyseExposure } from '../src/engine/context/exposure/analyse.js';
import { igw, instance, nacl, routeTable, sg, subnet, tcp, vpc } from '../src/engine/context/exposure/fixtures.js';
import { ingestVulnFiles } from '../src/engine/detect/vulns/ingest.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/**
 * Exposure analysis over a synthetic VPC (BENCH_EXPOSURE_N instances over 50 subnets, 100 groups)
 * and scanner ingest throughput (the Trivy golden reports, BENCH_VULNS_REPEAT times) on SQLite.
 */
export async function run(): Promise<BenchResult> {
  const n = Number(process.env.BENCH_EXPOSURE_N ?? 20_000);
  const resources = [vpc(), igw(), nacl('acl-default', { isDefault: true })];
  for (let s = 0; s < 50; s++) {
    resources.push(subnet(`subnet-${s}`));
    resources.push(
      routeTable(`rtb-${s}`, {
        subnets: [`subnet-${s}`],
        routes: [s % 2 ? { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' } : { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }],
      }),
    );
  }
  for (let g = 0; g < 100; g++)
    resources.push(sg(`sg-${g}`, [tcp(22, g % 3 ? '10.0.0.0/8' : '0.0.0.0/0'), tcp(443, '0.0.0.0/0'), tcp(27017 + (g % 5), '0.0.0.0/0')]));
  for (let i = 0; i < n; i++)
    resources.push(
      instance(`i-${i.toString(16).padStart(17, '0')}`, {
        subnet: `subnet-${i % 50}`,
        groups: [`sg-${i % 100}`, `sg-${(i * 7) % 100}`],
        ...(i % 2 === 0 && { publicIp: `54.0.${(i >> 8) & 255}.${i & 255}` }),
      }),
    );
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  const results = analyseExposure(memoryGraph(resources), resources);
  const exposureMs = performance.now() - t;
  const exposed = results.filter((r) => r.internet).length;

  const repeat = Number(process.env.BENCH_VULNS_REPEAT ?? 5);
  const dir = resolve(import.meta.dirname, '../../shared/data/trivy-golden-reports/integration/testdata');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json.golden'))
    .map((f) => join(dir, f));
  const home = mkdtempSync(join(tmpdir(), 'sw-bench-vulns-'));
  const store = await openStore({ home });
  t = performance.now();
  let vulns = 0;
  for (let r = 0; r < repeat; r++) vulns += (await ingestVulnFiles(store, files, { now: new Date(Date.UTC(2026, 0, 1 + r)).toISOString() })).vulnerabilities;
  const ingestMs = performance.now() - t;
  await store.close();
  rmSync(home, { recursive: true, force: true });
  return {
    name: 'vulns',
    exposureInstances: n,
    exposureMs: Math.round(exposureMs),
    exposurePerSec: Math.round(n / (exposureMs / 1000)),
    exposedInstances: exposed,
    rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
    ingestFiles: files.length * repeat,
    ingestVulnerabilities: vulns,
    ingestMs: Math.round(ingestMs),
    ingestFilesPerSec: Math.round((files.length * repeat) / (ingestMs / 1000)),
  };
}
