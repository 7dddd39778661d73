import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgBossQueue } from '../src/jobs/pg-boss.js';
import { openStore, type Store } from '../src/store/index.js';
import { pgUrl } from './support/stores.js';

/**
 * Two real `skywatch worker` processes on PostgreSQL; the one running a job is killed with SIGKILL
 * mid-job. The job must complete exactly once, on the other worker, after its expiry.
 */
const BIN = resolve(import.meta.dirname, '../bin/skywatch.js');
const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const env = { ...process.env, SKYWATCH_DATABASE_URL: pgUrl, SKYWATCH_DATABASE_SCHEMA: `wk_${suffix}`, SKYWATCH_QUEUE_SCHEMA: `wkq_${suffix}` };
const children: ChildProcess[] = [];

function startWorker(): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, [BIN, '--log-level', 'warn', 'worker', '--poll-seconds', '1', '--maintenance-seconds', '1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((ok, fail) => {
    let out = '';
    const t = setTimeout(() => fail(new Error(`worker did not start: ${out}`)), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(t);
        ok({ child, pid: child.pid as number });
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => fail(new Error(`worker exited early (${code}): ${out}`)));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!pgUrl)('worker fleet on PostgreSQL', () => {
  let store: Store | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await store?.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS wk_${suffix} CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS wkq_${suffix} CASCADE`);
    await c.end();
  });

  it('completes a job exactly once on the surviving worker after the other is SIGKILLed mid-job', async () => {
    store = await openStore({ databaseUrl: pgUrl as string, schema: `wk_${suffix}` });
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const queue = new PgBossQueue({ connectionString: pgUrl as string, schema: `wkq_${suffix}` });
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
