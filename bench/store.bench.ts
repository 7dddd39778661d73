import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceRecord } from '../src/core/resource.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/** Inventory write and read throughput on the embedded store: upsert N resources, re-upsert unchanged, stream back. */
export async function run(): Promise<BenchResult> {
  const n = Number(process.env.BENCH_STORE_N ?? 50_000);
  const home = mkdtempSync(join(tmpdir(), 'sw-bench-'));
  const store = await openStore({ home });
  const make = (i: number): ResourceRecord => ({
    id: `arn:aws:ec2:us-east-1:111111111111:instance/i-${i.toString(16).padStart(17, '0')}`,
    type: 'aws.ec2.instance',
    provider: 'aws',
    account: '111111111111',
    region: 'us-east-1',
    name: `i-${i}`,
    tags: { env: i % 2 ? 'prod' : 'dev' },
    config: { state: 'running', instanceType: 't3.micro', securityGroups: [`sg-${i % 50}`], metadataOptions: { httpTokens: 'required' } },
  });
  const records = Array.from({ length: n }, (_, i) => make(i));
  let t = performance.now();
  await store.resources.upsertMany(records, { at: new Date().toISOString() });
  const insertMs = performance.now() - t;
  t = performance.now();
  await store.resources.upsertMany(records, { at: new Date().toISOString() });
  const unchangedMs = performance.now() - t;
  t = performance.now();
  let streamed = 0;
  for await (const batch of store.resources.stream({}, 1000)) streamed += batch.length;
  const streamMs = performance.now() - t;
  await store.close();
  rmSync(home, { recursive: true, force: true });
  return {
    name: 'store',
    dialect: 'sqlite',
    resources: n,
    insertPerSec: Math.round(n / (insertMs / 1000)),
    unchangedUpsertPerSec: Math.round(n / (unchangedMs / 1000)),
    streamPerSec: Math.round(streamed / (streamMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
