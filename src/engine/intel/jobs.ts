import type { Queue } from '../../jobs/queue.js';
import type { Store } from '../../store/index.js';
import { type FeedDeps, refreshDueFeeds } from './store.js';

export const INTEL_REFRESH_JOB = 'intel.refresh';

/**
 * One recurring job checks every 15 minutes which feeds are due (their own `refresh` interval has
 * passed) and refreshes just those; one schedule serves any number of feeds and intervals.
 */
export async function scheduleIntelRefresh(queue: Queue, cron = '*/15 * * * *'): Promise<void> {
  await queue.schedule(INTEL_REFRESH_JOB, cron, {}, { singletonKey: INTEL_REFRESH_JOB, retryLimit: 0 });
}

export async function runIntelRefresh(store: Store, worker: string, deps: FeedDeps = {}): Promise<void> {
  const results = await refreshDueFeeds(store, deps);
  for (const r of results) await store.audit.record(worker, r.ok ? 'intel.refreshed' : 'intel.refresh-failed', r.feed, { ...r });
}
