import { newId } from '../core/ids.js';
import { parseCron } from './cron.js';
import { DEFAULT_JOB_OPTIONS, type Job, type JobHandler, type JobOptions, type Queue, type WorkOptions, retryDelayMs } from './queue.js';

interface Pending {
  job: Job;
  opts: JobOptions;
  runAt: number;
}

interface Worker {
  handler: JobHandler;
  concurrency: number;
  running: number;
}

/**
 * In-process queue for the embedded mode: bounded concurrency per job name, retries with jittered
 * backoff, delayed and recurring jobs. Nothing survives the process: durable work runs on pg-boss.
 */
export class EmbeddedQueue implements Queue {
  readonly kind = 'embedded' as const;
  private readonly pending = new Map<string, Pending[]>();
  private readonly workers = new Map<string, Worker>();
  private readonly singletons = new Set<string>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  /** Failures after the last retry; kept for inspection (the dead-letter record of this mode). */
  readonly dead: { job: Job; error: string }[] = [];

  constructor(private readonly onError: (job: Job, err: unknown, final: boolean) => void = () => {}) {}

  async start(): Promise<void> {
    this.stopped = false;
  }

  async enqueue<T>(name: string, data: T, opts: JobOptions = {}): Promise<string | null> {
    if (this.stopped) throw new Error('queue is stopped');
    if (opts.singletonKey) {
      const k = `${name}\u0000${opts.singletonKey}`;
      if (this.singletons.has(k)) return null;
      this.singletons.add(k);
    }
    const job: Job = { id: newId('job'), name, data, attempt: 0 };
    this.push({ job, opts, runAt: opts.startAfter?.getTime() ?? Date.now() });
    return job.id;
  }

  async work<T>(name: string, opts: WorkOptions, handler: JobHandler<T>): Promise<void> {
    this.workers.set(name, { handler: handler as JobHandler, concurrency: Math.max(1, opts.concurrency ?? 4), running: 0 });
    this.pump();
  }

  async schedule<T>(name: string, cron: string, data: T, opts: JobOptions = {}): Promise<void> {
    await this.unschedule(name);
    const c = parseCron(cron);
    const arm = () => {
      const wait = c.next(new Date()).getTime() - Date.now();
      const t = setTimeout(() => {
        if (this.stopped) return;
        void this.enqueue(name, data, opts);
        arm();
      }, wait);
      t.unref();
      this.schedules.set(name, t);
    };
    arm();
  }

  async unschedule(name: string): Promise<void> {
    const t = this.schedules.get(name);
    if (t) clearTimeout(t);
    this.schedules.delete(name);
  }

  async drain(timeoutMs = 60_000): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`queue did not drain within ${timeoutMs} ms`)), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async stop(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    this.stopped = true;
    for (const name of [...this.schedules.keys()]) await this.unschedule(name);
    if (this.timer) clearTimeout(this.timer);
    if (opts.graceful !== false && this.active > 0) {
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    }
  }

  private isIdle(): boolean {
    if (this.active > 0) return false;
    for (const [name, list] of this.pending) if (list.length && this.workers.has(name)) return false;
    return true;
  }

  private push(p: Pending): void {
    const list = this.pending.get(p.job.name) ?? [];
    list.push(p);
    this.pending.set(p.job.name, list);
    this.pump();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const [name, worker] of this.workers) {
      const list = this.pending.get(name);
      if (!list) continue;
      for (let i = 0; i < list.length && worker.running < worker.concurrency; ) {
        const p = list[i] as Pending;
        if (p.runAt > now) {
          soonest = Math.min(soonest, p.runAt);
          i++;
          continue;
        }
        list.splice(i, 1);
        this.run(worker, p);
      }
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (soonest !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, soonest - now));
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private run(worker: Worker, p: Pending): void {
    worker.running++;
    this.active++;
    const done = () => {
      worker.running--;
      this.active--;
      if (p.opts.singletonKey) this.singletons.delete(`${p.job.name}\u0000${p.opts.singletonKey}`);
      this.pump();
    };
    worker.handler(p.job).then(done, (err: unknown) => {
      const limit = p.opts.retryLimit ?? DEFAULT_JOB_OPTIONS.retryLimit;
      const final = p.job.attempt >= limit || this.stopped;
      this.onError(p.job, err, final);
      if (final) this.dead.push({ job: p.job, error: err instanceof Error ? err.message : String(err) });
      else {
        const next = { ...p.job, attempt: p.job.attempt + 1 };
        const list = this.pending.get(p.job.name) ?? [];
        list.push({ job: next, opts: p.opts, runAt: Date.now() + retryDelayMs(p.opts, next.attempt) });
        this.pending.set(p.job.name, list);
      }
      done();
    });
  }
}
