import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { Store } from '../../store/index.js';
import { loadDetectors } from '../detector-units.js';
import { type IngestSummary, ingestCloudTrail } from './ingest.js';
import { openGeo } from '../intel/geo.js';
import { loadIntel } from '../intel/store.js';
import { loadSigmaDirs } from './sigma/load.js';
import { parseTarget } from './sources.js';

/**
 * Job `activity.ingest-cloudtrail`: the worker-fleet form of `skywatch ingest cloudtrail`. The
 * checkpoint makes it idempotent (a retried job resumes), as queue handlers must be.
 */
export const ingestJobSchema = z.strictObject({
  target: z.string().optional(),
  queueUrl: z.string().optional(),
  since: z.number().optional(),
  sigmaDirs: z.array(z.string()).optional(),
  learningMs: z.number().int().positive().optional(),
});
export type IngestJob = z.infer<typeof ingestJobSchema>;

export async function runIngestJob(store: Store, data: unknown, log: Logger): Promise<IngestSummary> {
  const parsed = ingestJobSchema.safeParse(data);
  if (!parsed.success)
    throw new ConfigError(`bad activity.ingest-cloudtrail job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const j = parsed.data;
  const sigma = j.sigmaDirs?.length ? await loadSigmaDirs(j.sigmaDirs) : undefined;
  const s = await ingestCloudTrail({
    target: parseTarget(j.target, j.queueUrl),
    store,
    // Feeds as stored by `skywatch intel add` (workers share the store); country + ASN offline.
    deps: { intel: await loadIntel(store), geo: openGeo() },
    detectors: loadDetectors(),
    ...(sigma && { sigma }),
    ...(j.since !== undefined && { since: j.since }),
    baselines: { enabled: true, learningMs: j.learningMs ?? 7 * 86_400_000, threshold: 50 },
    log,
  });
  log.info({ target: s.target, events: s.events, bad: s.badRecords, findings: s.findings.created }, 'cloudtrail ingest done');
  return s;
}
