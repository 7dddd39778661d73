import type { Logger } from 'pino';
import type { Queue } from '../jobs/queue.js';
import type { Store } from '../store/index.js';
import { type EchoJob, runEcho } from './diagnostics.js';
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
  handle(data: unknown, rt: JobRuntime, jobId: string): Promise<void>;
}

/** Every job type a worker serves. Capabilities add theirs here (scans, ingests, deliveries, remediations). */
export const JOB_HANDLERS: Record<string, HandlerSpec> = {
  'diagnostics.echo': { concurrency: 2, handle: (d, rt, id) => runEcho(rt.store, d as EchoJob, rt.worker, id) },
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

export async function serveJobs(queue: Queue, rt: JobRuntime): Promise<void> {
  for (const [name, spec] of Object.entries(JOB_HANDLERS)) {
    await queue.work(name, { concurrency: spec.concurrency }, async (job) => {
      rt.log.debug({ job: job.id, name, attempt: job.attempt }, 'job started');
      await spec.handle(job.data, { ...rt, queue }, job.id);
      rt.log.debug({ job: job.id, name }, 'job completed');
    });
  }
}
