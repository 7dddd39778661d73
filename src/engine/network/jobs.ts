import { S3Client } from '@aws-sdk/client-s3';
import type { Queue } from '../../jobs/queue.js';
import type { Store } from '../../store/index.js';
import { loadIntel } from '../intel/store.js';
import { buildAttributionIndex } from './attribution.js';
import { ingestDnsLogs, ingestFlowLogs } from './ingest.js';
import { s3Lister } from './s3.js';

export const NETWORK_INGEST_JOB = 'network.ingest';

export interface NetworkIngestJob {
  kind: 'flowlogs' | 'dns';
  /** Files, directories or s3:// prefixes/objects; one job per object spreads a prefix over the fleet. */
  inputs: string[];
  fields?: string;
}

export async function enqueueNetworkIngest(queue: Queue, job: NetworkIngestJob): Promise<string | null> {
  return queue.enqueue(NETWORK_INGEST_JOB, job, { singletonKey: `${job.kind}:${job.inputs.join(',')}`, expireInSeconds: 3600 });
}

/**
 * A worker's ingest: idempotent through the per-object checkpoints, so a retried job (its worker
 * died) skips finished objects and resumes the others.
 */
export async function runNetworkIngest(store: Store, job: NetworkIngestJob, worker: string): Promise<void> {
  const intel = await loadIntel(store, {}, { refreshMissing: false });
  const index = await buildAttributionIndex(store);
  const s3 = job.inputs.some((i) => i.startsWith('s3://')) ? s3Lister(new S3Client({})) : undefined;
  const o = { store, intel, index, ...(s3 && { s3 }) };
  const report =
    job.kind === 'flowlogs' ? await ingestFlowLogs(job.inputs, { ...o, ...(job.fields && { fields: job.fields }) }) : await ingestDnsLogs(job.inputs, o);
  await store.audit.record(worker, 'network.ingested', job.inputs.join(','), { ...report });
}
