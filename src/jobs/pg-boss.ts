import PgBoss from 'pg-boss';
import { DEFAULT_JOB_OPTIONS, type Job, type JobHandler, type JobOptions, type Queue, type WorkOptions } from './queue.js';

/**
 * The distributed queue: pg-boss 10 on PostgreSQL. Any number of `skywatch worker` processes share
 * it; a job whose worker died is retried by another once its expiry passes.
 */
export class PgBossQueue implements Queue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly created = new Set<string>();

  constructor(opts: { connectionString: string; schema?: string; maintenanceIntervalSeconds?: number; pollingIntervalSeconds?: number }) {
    this.boss = new PgBoss({
      connectionString: opts.connectionString,
      schema: opts.schema ?? 'pgboss',
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
      ...(opts.pollingIntervalSeconds !== undefined && { pollingIntervalSeconds: opts.pollingIntervalSeconds }),
    });
    this.pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
  }

  private readonly pollingIntervalSeconds: number;

  async start(): Promise<void> {
    this.boss.on('error', () => {
      // pg-boss reports maintenance hiccups here; they are retried on its next cycle.
    });
    await this.boss.start();
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.created.has(name)) return;
    // pg-boss 10 requires queues to exist. Workers starting together race to create them (even to a
    // deadlock), so a failure is retried a few times and is fine when another process won.
    for (let attempt = 0; ; attempt++) {
      if (await this.boss.getQueue(name)) break;
      try {
        await this.boss.createQueue(name);
        break;
      } catch (err) {
        if (await this.boss.getQueue(name)) break;
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      }
    }
    this.created.add(name);
  }

  async enqueue<T>(name: string, data: T, opts: JobOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, data as object, {
      retryLimit: opts.retryLimit ?? DEFAULT_JOB_OPTIONS.retryLimit,
      retryDelay: opts.retryDelay ?? DEFAULT_JOB_OPTIONS.retryDelay,
      retryBackoff: opts.retryBackoff ?? DEFAULT_JOB_OPTIONS.retryBackoff,
      expireInSeconds: opts.expireInSeconds ?? DEFAULT_JOB_OPTIONS.expireInSeconds,
      ...(opts.startAfter && { startAfter: opts.startAfter }),
      ...(opts.singletonKey && { singletonKey: opts.singletonKey }),
    });
  }

  async work<T>(name: string, opts: WorkOptions, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(name);
    // pg-boss 10 runs one fetch loop per `work` call, each handling one job at a time: N loops = N concurrent jobs.
    const n = Math.max(1, opts.concurrency ?? 4);
    for (let i = 0; i < n; i++) {
      await this.boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds: this.pollingIntervalSeconds, includeMetadata: true }, async (jobs) => {
        for (const j of jobs) {
          const job: Job<T> = { id: j.id, name: j.name, data: j.data, attempt: j.retryCount };
          await handler(job);
        }
      });
    }
  }

  async schedule<T>(name: string, cron: string, data: T, opts: JobOptions = {}): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data as object, {
      tz: 'UTC',
      retryLimit: opts.retryLimit ?? DEFAULT_JOB_OPTIONS.retryLimit,
      expireInSeconds: opts.expireInSeconds ?? DEFAULT_JOB_OPTIONS.expireInSeconds,
    });
  }

  async unschedule(name: string): Promise<void> {
    await this.boss.unschedule(name);
  }

  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const name of this.created) {
        busy += await this.boss.getQueueSize(name);
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`queue did not drain within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await this.boss.stop({ graceful: opts.graceful !== false, timeout: opts.timeoutMs ?? 30_000, wait: true });
  }
}
