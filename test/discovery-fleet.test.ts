import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiscovery } from '../src/engine/discover/run.js';
import { PgBossQueue } from '../src/jobs/pg-boss.js';
import { openStore, type Store } from '../src/store/index.js';
import { testFleet } from './support/fleet.js';
import { pgUrl } from './support/stores.js';

/**
 * `scan aws` on the worker fleet, on real PostgreSQL and pg-boss: two real `skywatch worker`
 * processes run the demo organisation's work items (replayed from demo/aws-org, which both the
 * workers and the coordinator read); one is SIGKILLed mid-scan. The scan must still complete with
 * every item recorded exactly once and the same inventory an in-process replay gives; a second scan
 * through the CLI (`scan aws --queue`) then sees nothing changed.
 */
const DEMO = resolve(import.meta.dirname, '../demo/aws-org');
const fleet = testFleet('df');
const { startWorker, cli } = fleet;

if (!pgUrl) console.warn('*** SKYWATCH_TEST_DATABASE_URL is not set: the discovery worker-fleet test is SKIPPED. ***');

describe.skipIf(!pgUrl)('discovery on the worker fleet (PostgreSQL, pg-boss)', () => {
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
    await fleet.cleanup();
  });

  it('completes a scan whose worker is SIGKILLed mid-scan, every item once, same inventory as in-process', async () => {
    const local = await openStore({ sqliteFile: ':memory:' });
    const expected = await runDiscovery({ store: local, replay: DEMO, regions: 'all' });
    await local.close();
    expect(expected.resources.total).toBeGreaterThan(100);

    store = await openStore({ databaseUrl: pgUrl as string, schema: fleet.schema });
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const queue = new PgBossQueue({ connectionString: pgUrl as string, schema: fleet.queueSchema, pollingIntervalSeconds: 1 });
    await queue.start();
    const s0 = store;
    let killed: number | undefined;
    const scanning = runDiscovery({
      store: s0,
      queue,
      distributed: true,
      replay: DEMO,
      regions: 'all',
      pollMs: 100,
      jobExpireSeconds: 3,
      onProgress: (p) => {
        // Kill the first worker that has recorded items, while the scan is still going.
        if (killed === undefined && p.phase === 'item' && p.done > 20 && p.done < p.total / 2) {
          void (async () => {
            const scan = await s0.scans.latest('aws');
            const items = scan ? await s0.scans.items(scan.id) : [];
            const victim = [a, b].find((w) => items.some((i) => i.worker.endsWith(`:${w.pid}`)));
            if (victim && killed === undefined) {
              killed = victim.pid;
              victim.child.kill('SIGKILL');
            }
          })();
        }
      },
    });
    const s = await scanning;
    await queue.stop({ graceful: false, timeoutMs: 1000 });
    expect(killed).toBeDefined();
    expect(s.status).toBe(expected.status);
    expect(s.workItems).toEqual(expected.workItems);
    expect(s.resources).toEqual(expected.resources);
    expect(s.gaps.length).toBe(expected.gaps.length);
    const items = await s0.scans.items(s.scanId);
    expect(items).toHaveLength(expected.workItems.total);
    // Both workers took part; the survivor finished what the victim left.
    const pids = new Set(items.map((i) => Number(i.worker.split(':').pop())));
    expect(pids.size).toBe(2);

    // The CLI as coordinator: a rescan on the fleet (the surviving worker) changes nothing.
    const r = await cli(['scan', 'aws', '--queue', '--replay', DEMO, '--regions', 'all', '--no-checks']);
    expect(r.out).toMatch(
      new RegExp(`resources: ${expected.resources.total} — changes: 0 created, 0 modified, 0 deleted, ${expected.resources.total} unchanged`),
    );
    expect(r.code).toBe(0);
  }, 600_000);
});
