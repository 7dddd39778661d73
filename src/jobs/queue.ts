/**
 * One queue interface for the laptop (in-process) and the fleet (pg-boss on PostgreSQL). Jobs are
 * plain JSON: account×region×collector scans, log objects to ingest, deliveries, remediations.
 */
export interface JobOptions {
  /** Attempts after the first; default 2. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. Default 1. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** Run no earlier than this. */
  startAfter?: Date;
  /** Seconds a job may run before it is considered lost and retried (a worker died). Default 900. */
  expireInSeconds?: number;
  /** At most one queued job with this key per name. */
  singletonKey?: string;
}

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first attempt. */
  attempt: number;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this name run at most this many at once in this process. */
  concurrency?: number;
}

export interface Queue {
  readonly kind: 'embedded' | 'pg-boss';
  start(): Promise<void>;
  enqueue<T>(name: string, data: T, opts?: JobOptions): Promise<string | null>;
  work<T>(name: string, opts: WorkOptions, handler: JobHandler<T>): Promise<void>;
  /** Recurring: a 5-field cron expression (UTC). One schedule per name; scheduling again replaces it. */
  schedule<T>(name: string, cron: string, data: T, opts?: JobOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  /** Waits until nothing is queued or running (embedded: a command finishes its deliveries before exit). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops taking jobs; when graceful, waits for running ones up to `timeoutMs`. */
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS = { retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 900 } as const;

/** Delay before attempt `attempt` (1-based retry count), with jitter so retries of a storm spread out. */
export function retryDelayMs(opts: JobOptions, attempt: number, random: () => number = Math.random): number {
  const base = (opts.retryDelay ?? DEFAULT_JOB_OPTIONS.retryDelay) * 1000;
  const exp = (opts.retryBackoff ?? DEFAULT_JOB_OPTIONS.retryBackoff) ? base * 2 ** (attempt - 1) : base;
  return Math.round(exp * (0.5 + random() * 0.5));
}
