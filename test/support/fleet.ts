import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { pgUrl } from './stores.js';

const BIN = resolve(import.meta.dirname, '../../bin/skywatch.js');

/**
 * Real `skywatch` processes on PostgreSQL for the fleet tests: each fleet gets its own store and
 * queue schemas (so parallel test files never share jobs), spawns workers and CLI runs with them,
 * and `cleanup` kills what is left and drops both schemas.
 */
export function testFleet(prefix: string) {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const schema = `${prefix}_${suffix}`;
  const queueSchema = `${prefix}q_${suffix}`;
  const env = { ...process.env, SKYWATCH_DATABASE_URL: pgUrl, SKYWATCH_DATABASE_SCHEMA: schema, SKYWATCH_QUEUE_SCHEMA: queueSchema };
  const children: ChildProcess[] = [];
  const run = (args: string[]) => {
    const child = spawn(process.execPath, [BIN, '--log-level', 'warn', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };
  return {
    schema,
    queueSchema,
    /** A worker, resolved once it says it is ready (polling and maintenance every second). */
    startWorker(): Promise<{ child: ChildProcess; pid: number }> {
      const child = run(['worker', '--poll-seconds', '1', '--maintenance-seconds', '1']);
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
    },
    /** A CLI command to its exit, with what it printed. */
    cli(args: string[]): Promise<{ code: number | null; out: string }> {
      const child = run(args);
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      return new Promise((ok) => child.on('exit', (code) => ok({ code, out })));
    },
    async cleanup(): Promise<void> {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
      await c.end();
    },
  };
}

/** Polls `probe` every 100 ms until it returns a value, or fails naming what it waited for. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
