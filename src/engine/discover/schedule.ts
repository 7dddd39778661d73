import type { CollectorUnit } from '../../core/units/collector.js';
import { type WorkItem, wants } from './collect.js';

/**
 * The order of an in-process scan. The rate budget is per account × service (a *bucket*), so the
 * scan is at its floor only when every slot drains a different bucket at the budget's rate the
 * whole time:
 * - one slot per bucket: two slots on one bucket only split its budget while holding a slot another
 *   bucket could drain (with two lanes per bucket placed side by side, a first scan ran half as many
 *   buckets as slots);
 * - heaviest buckets first, so a big one does not start last and alone set the wall time. Weights
 *   are expected API calls, not resources: a resource costs a call per wanted hydrator, while a
 *   type with none costs a list page per many resources.
 */

/** Work items of one bucket running at once (see eachAtOnce). */
export const ITEMS_AT_ONCE_PER_BUCKET = 2;
/** Accounts asked for their regions at once during the bootstrap (each from its own budget). */
export const BOOTSTRAP_ACCOUNTS_AT_ONCE = 16;

/** Resources a list call returns, for the estimate only (AWS pages hold 20 to 1000). */
const RESOURCES_PER_PAGE = 50;
/**
 * Resources assumed per work item when the inventory has never seen its account: a first scan has
 * no sizes to learn from. A global collector covers the whole account (IAM roles and policies, S3
 * buckets), so it is assumed as large as a regional collector over a few regions.
 */
export const PRIOR_REGIONAL = 10;
export const PRIOR_GLOBAL = 30;

/** Hydrators of `collector` the scan fetches per resource. */
export function wantedHydrators(collector: CollectorUnit<any>, wanted: ReadonlySet<string>): number {
  return Object.keys(collector.hydrate ?? {}).filter((k) => wants(wanted, collector.resourceType, k)).length;
}

/** Expected API calls of one work item listing `resources` with `hydrators` wanted per resource. */
export function expectedCalls(resources: number, hydrators: number): number {
  return 1 + Math.floor(resources / RESOURCES_PER_PAGE) + resources * hydrators;
}

/**
 * Expected calls of a work item: from the resources the previous inventory held for it when it
 * knows the account (absent means none), from the prior otherwise.
 */
export function itemWeight(collector: CollectorUnit<any>, hydrators: number, known: number | undefined): number {
  const resources = known ?? (collector.scope === 'global' ? PRIOR_GLOBAL : PRIOR_REGIONAL);
  return expectedCalls(resources, hydrators);
}

/** The bucket a work item spends its calls in. */
export function bucketKey(item: WorkItem, service: string): string {
  return `${item.account}\u0000${service}`;
}

/**
 * Work items grouped by bucket, each group heaviest item first, groups heaviest first (ties keep
 * plan order, so a scan is reproducible). Buckets whose expected calls fit in the budget's burst
 * never wait for a token: their time is round trips and store writes. Left to the end they would
 * form a tail of slots busy on CPU with no budget drained, so they are spread evenly among the others,
 * where that work overlaps the token waits of the heavy buckets.
 */
export function bucketJobs(items: readonly WorkItem[], serviceOf: (item: WorkItem) => string, weightOf: (item: WorkItem) => number, burst = 0): WorkItem[][] {
  const groups = new Map<string, { items: { item: WorkItem; w: number }[]; total: number }>();
  for (const item of items) {
    const k = bucketKey(item, serviceOf(item));
    const w = weightOf(item);
    const g = groups.get(k) ?? groups.set(k, { items: [], total: 0 }).get(k);
    if (!g) continue;
    g.items.push({ item, w });
    g.total += w;
  }
  const sorted = [...groups.values()].sort((a, b) => b.total - a.total);
  const heavy = sorted.filter((g) => g.total > burst);
  const light = sorted.filter((g) => g.total <= burst);
  const order: typeof sorted = [];
  // Bresenham-style merge: after each heavy bucket, as many light ones as keep the two proportional.
  let placed = 0;
  for (const [i, g] of heavy.entries()) {
    order.push(g);
    const due = Math.floor(((i + 1) * light.length) / heavy.length);
    while (placed < due) order.push(light[placed++] as (typeof light)[number]);
  }
  while (placed < light.length) order.push(light[placed++] as (typeof light)[number]);
  return order.map((g) => g.items.sort((a, b) => b.w - a.w).map((x) => x.item));
}

/**
 * Runs `run` over `items` in order, at most `atOnce` at a time. For one bucket's items: more than
 * one so a bucket of small latency-bound items overlaps its round trips, few because they all share
 * one budget.
 */
export async function eachAtOnce<T>(items: readonly T[], atOnce: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(atOnce, items.length)) }, lane));
}
