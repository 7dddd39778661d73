import type { Logger } from 'pino';
import type { Queue } from '../jobs/queue.js';
import type { Store } from '../store/index.js';
import { runIngestJob } from './activity/jobs.js';
import { type EchoJob, runEcho } from './diagnostics.js';
import { DISCOVERY_COLLECT_JOB, discoveryJobHandler } from './discover/jobs.js';
import { INTEL_REFRESH_JOB, runIntelRefresh } from './intel/jobs.js';
import { NETWORK_INGEST_JOB, type NetworkIngestJob, runNetworkIngest } from './network/jobs.js';
import { DELIVER_JOB, runDelivery } from './respond/deliver.js';
import { secretKey } from './respond/registry.js';
import { DIGEST_JOB, ESCALATE_JOB, type EscalateJob, defaultHome, runDigestJob, runEscalateJob } from './respond/run.js';

export interface JobRuntime {
  store: Store;
  log: Logger;
  /** Names this process in audit records (`worker:<host>:<pid>`). */
  worker: string;
  /** The queue serving the job (handlers that re-queue, like delivery retries, use it). */
  queue?: Queue;
  /** Home for the secret-key file when SKYWATCH_SECRET_KEY is not set. */
  home?: string;
}

interface HandlerSpec {
  concurrency: number;
  /** `attempt`: 0 on the first run; handlers that must end cleanly on their last attempt read it. */
  handle(data: unknown, rt: JobRuntime, jobId: string, attempt?: number): Promise<void>;
}

const collectDiscoveryItem = discoveryJobHandler();

/** Every job type a worker serves. Capabilities add theirs here (scans, ingests, deliveries, remediations). */
export const JOB_HANDLERS: Record<string, HandlerSpec> = {
  'diagnostics.echo': { concurrency: 2, handle: (d, rt, id) => runEcho(rt.store, d as EchoJob, rt.worker, id) },
  // account × region × collector work of a `scan aws --queue`; idempotent (see discover/jobs.ts).
  [DISCOVERY_COLLECT_JOB]: { concurrency: 8, handle: (d, rt, _id, attempt) => collectDiscoveryItem(d, rt, attempt) },
  [INTEL_REFRESH_JOB]: { concurrency: 1, handle: (_d, rt) => runIntelRefresh(rt.store, rt.worker) },
  // One at a time per worker: baselines of one identity must not be updated by two ingests at once.
  'activity.ingest-cloudtrail': {
    concurrency: 1,
    handle: async (d, rt) => {
      await runIngestJob(rt.store, d, rt.log);
    },
  },
  [NETWORK_INGEST_JOB]: { concurrency: 1, handle: (d, rt) => runNetworkIngest(rt.store, d as NetworkIngestJob, rt.worker) },
  [DELIVER_JOB]: {
    concurrency: 4,
    handle: async (d, rt) => {
      await runDelivery(
        { store: rt.store, key: secretKey(rt.home ?? defaultHome()), ...(rt.queue && { queue: rt.queue }) },
        (d as { deliveryId: string }).deliveryId,
      );
    },
  },
  [ESCALATE_JOB]: {
    concurrency: 1,
    handle: async (d, rt) => {
      await runEscalateJob(rt.store, secretKey(rt.home ?? defaultHome()), rt.queue, d as EscalateJob);
    },
  },
  [DIGEST_JOB]: {
    concurrency: 1,
    handle: async (d, rt) => {
      await runDigestJob(rt.store, secretKey(rt.home ?? defaultHome()), d as { to: string[] });
    },
  },
};

/** Recurring jobs every worker (re)schedules at start; scheduling a name again replaces it. */
export const RECURRING: { name: string; cron: string }[] = [{ name: INTEL_REFRESH_JOB, cron: '*/15 * * * *' }];

export async function serveJobs(queue: Queue, rt: JobRuntime): Promise<void> {
  for (const [name, spec] of Object.entries(JOB_HANDLERS)) {
    await queue.work(name, { concurrency: spec.concurrency }, async (job) => {
      rt.log.debug({ job: job.id, name, attempt: job.attempt }, 'job started');
      await spec.handle(job.data, { ...rt, queue }, job.id, job.attempt);
      rt.log.debug({ job: job.id, name }, 'job completed');
    });
  }
  for (const r of RECURRING) await queue.schedule(r.name, r.cron, {}, { retryLimit: 0 });
}
