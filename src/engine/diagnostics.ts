import type { Store } from '../store/index.js';

/**
 * `diagnostics.echo`: a job that waits, then records its completion in the audit log. `skywatch doctor
 * --queue` sends one to prove a worker fleet is alive; the worker-kill test uses it to prove a job
 * interrupted on one worker completes exactly once on another.
 */
export interface EchoJob {
  token: string;
  ms: number;
}

export async function runEcho(store: Store, data: EchoJob, worker: string, jobId: string): Promise<void> {
  await store.audit.record(worker, 'job.started', jobId, { token: data.token });
  await new Promise((r) => setTimeout(r, Math.max(0, Math.min(data.ms, 60_000))));
  await store.audit.record(worker, 'job.completed', jobId, { token: data.token });
}
