import { afterAll, describe, expect, it } from 'vitest';
import { PgBossQueue } from '../src/jobs/pg-boss.js';
import { openStore, type Store } from '../src/store/index.js';
import { testFleet, waitFor } from './support/fleet.js';
import { pgUrl } from './support/stores.js';

/**
 * Two real `skywatch worker` processes on PostgreSQL; the one running a job is killed with SIGKILL
 * mid-job. The job must complete exactly once, on the other worker, after its expiry.
 */
const fleet = testFleet('wk');
const { startWorker } = fleet;

describe.skipIf(!pgUrl)('worker fleet on PostgreSQL', () => {
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
    await fleet.cleanup();
  });

  it('completes a job exactly once on the surviving worker after the other is SIGKILLed mid-job', async () => {
    store = await openStore({ databaseUrl: pgUrl as string, schema: fleet.schema });
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const queue = new PgBossQueue({ connectionString: pgUrl as string, schema: fleet.queueSchema });
    await queue.start();
    const jobId = await queue.enqueue(
      'diagnostics.echo',
      { token: 'kill-test', ms: 1500 },
      { expireInSeconds: 3, retryLimit: 3, retryDelay: 0, retryBackoff: false },
    );
    const s = store;
    const started = await waitFor('job start', async () => (await s.audit.list({ action: 'job.started' })).find((e) => e.target === jobId));
    const victim = [a, b].find((w) => started.actor.endsWith(`:${w.pid}`));
    const survivor = [a, b].find((w) => w !== victim);
    expect(victim).toBeDefined();
    victim?.child.kill('SIGKILL');
    const completed = await waitFor('job completion', async () => (await s.audit.list({ action: 'job.completed' })).find((e) => e.target === jobId), 90_000);
    expect(completed.actor.endsWith(`:${survivor?.pid}`)).toBe(true);
    // Give a duplicate every chance to appear before counting.
    await new Promise((r) => setTimeout(r, 2500));
    const completions = (await s.audit.list({ action: 'job.completed' })).filter((e) => e.target === jobId);
    expect(completions).toHaveLength(1);
    await queue.stop({ graceful: false, timeoutMs: 1000 });
  }, 300_000);
});
