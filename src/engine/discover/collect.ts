import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { EdgeRecord, ResourceRecord } from '../../core/resource.js';
import type { GapKind } from '../../core/status.js';
import type { CollectContext, Collected, CollectorUnit } from '../../core/units/collector.js';
import { classifyAwsError, describeAwsError, isNotFound } from '../../providers/aws/errors.js';
import type { Store } from '../../store/index.js';
import type { CoverageGap } from '../../store/index.js';
import { type ClientFactory, callSiteOf } from './client-factory.js';

/** One unit of discovery work: a collector in one account and region. */
export interface WorkItem {
  account: string;
  region: string;
  partition: string;
  collector: string;
}

export function workKey(w: Pick<WorkItem, 'account' | 'region' | 'collector'>): string {
  return `${w.account}|${w.region}|${w.collector}`;
}

export interface ItemResult {
  key: string;
  resources: number;
  byType: Record<string, number>;
  changes: { created: number; modified: number; deleted: number; unchanged: number };
  gaps: Omit<CoverageGap, 'scanId'>[];
  /** The list finished without a gap, so what it did not see is gone. */
  complete: boolean;
}

/**
 * Whether a hydrator runs: `*` wants all; otherwise a key (`policy`) or a type-qualified key
 * (`aws.s3.bucket:policy`) the checks engine asked for.
 */
export function wants(wanted: ReadonlySet<string>, type: string, key: string): boolean {
  return wanted.has('*') || wanted.has(key) || wanted.has(`${type}:${key}`);
}

/** The `_errors` value the resource model documents: the gap kind, or `error: <message>`. */
function errorValue(kind: GapKind, err: unknown): string {
  return kind === 'error' ? `error: ${describeAwsError(err).slice(0, 200)}` : kind;
}

export interface CollectEnv {
  store: Store;
  factory: ClientFactory;
  scanId: string;
  wanted: ReadonlySet<string>;
  credentials?: AwsCredentialIdentityProvider;
  now: () => Date;
  signal?: AbortSignal;
  /** Resources per store transaction; also how many are hydrated at once. */
  batch?: number;
  /** Regions the inventory already holds for (account, type): where a global collector's sweep must look. */
  knownRegions?: (account: string, type: string) => string[];
  /**
   * Targeted refresh instead of a full list: only these ids (from audit-log events) are
   * re-collected, with `collector.refresh`; a requested id that no longer comes back is deleted.
   * No sweep runs, since the list was not complete.
   */
  refreshIds?: readonly string[];
  /** Who made the change and which event said so, for the change history. */
  actor?: string;
  eventId?: string;
}

/** Whether a stored resource id is what an event named: the ARN itself, or its last id segment. */
export function idMatches(resourceId: string, named: string): boolean {
  if (resourceId === named) return true;
  return resourceId.endsWith(`/${named}`) || resourceId.endsWith(`:${named}`);
}

/**
 * Runs one work item: list, hydrate only what is wanted (a failed hydrator never drops the
 * resource), normalise, upsert with edges, and — only when the list was complete — sweep what
 * was not seen into delete changes. Never throws for an AWS or collector error: those are gaps.
 */
export async function collectItem(item: WorkItem, collector: CollectorUnit<any>, env: CollectEnv): Promise<ItemResult> {
  const at = env.now().toISOString();
  const result: ItemResult = {
    key: workKey(item),
    resources: 0,
    byType: {},
    changes: { created: 0, modified: 0, deleted: 0, unchanged: 0 },
    gaps: [],
    complete: true,
  };
  const ctx: CollectContext = {
    provider: 'aws',
    account: item.account,
    region: item.region,
    partition: item.partition,
    client: <T>(ctor: new (config: never) => T) =>
      env.factory.make(ctor, { account: item.account, region: item.region, ...(env.credentials && { credentials: env.credentials }) }),
    wanted: env.wanted,
    ...(env.signal && { signal: env.signal }),
  };
  const gapRegion = collector.scope === 'global' ? 'global' : item.region;
  // Hydrator failures repeat per resource; one gap per (operation, kind) with a count says it once.
  const hydrateGaps = new Map<string, { gap: Omit<CoverageGap, 'scanId'>; n: number }>();
  const addGap = (err: unknown, fallbackOp: string, kindOverride?: GapKind) => {
    const site = callSiteOf(err);
    result.gaps.push({
      account: item.account,
      region: gapRegion,
      service: site?.service ?? collector.service,
      operation: site?.operation ?? fallbackOp,
      kind: kindOverride ?? classifyAwsError(err),
      message: `${collector.id}: ${describeAwsError(err)}`,
    });
  };
  const types = new Set<string>([collector.resourceType]);
  let buffer: Collected[] = [];
  const upsertCtx = { at, scanId: env.scanId, ...(env.actor && { actor: env.actor }), ...(env.eventId && { eventId: env.eventId }) };
  const seenIds = new Set<string>();

  const flush = async () => {
    if (buffer.length === 0) return;
    const records: ResourceRecord[] = [];
    const seen = new Set<string>();
    for (const c of buffer) {
      // Two collectors' items can normalise to one id (e.g. an account-level setting); last wins.
      if (seen.has(c.resource.id)) continue;
      seen.add(c.resource.id);
      records.push(c.resource);
    }
    const edges: EdgeRecord[] = buffer.flatMap((c) => c.edges ?? []);
    buffer = [];
    // Resources and their edges in one transaction, shared with other items' flushes on SQLite.
    const stats = await env.store.resources.saveObserved(records, edges, upsertCtx, item.account);
    result.changes.created += stats.created;
    result.changes.modified += stats.modified;
    result.changes.unchanged += stats.unchanged;
  };

  const processOne = async (raw: unknown): Promise<Collected | undefined> => {
    const hydrated: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    let gone = false;
    const hydrators = Object.entries(collector.hydrate ?? {}).filter(([key]) => wants(env.wanted, collector.resourceType, key));
    await Promise.all(
      hydrators.map(async ([key, h]) => {
        try {
          hydrated[key] = await h.fetch(raw, ctx);
        } catch (err) {
          if (isNotFound(err)) {
            if (h.goneWhenNotFound) gone = true;
            hydrated[key] = null;
            return;
          }
          const kind = classifyAwsError(err);
          errors[key] = errorValue(kind, err);
          const site = callSiteOf(err);
          const operation = site?.operation ?? `hydrate:${key}`;
          const k = `${operation}\u0000${kind}`;
          const prev = hydrateGaps.get(k);
          if (prev) prev.n++;
          else
            hydrateGaps.set(k, {
              gap: {
                account: item.account,
                region: gapRegion,
                service: site?.service ?? collector.service,
                operation,
                kind,
                message: `${collector.id}.${key}: ${describeAwsError(err)}`,
              },
              n: 1,
            });
        }
      }),
    );
    if (gone) return undefined;
    if (Object.keys(errors).length) hydrated._errors = errors;
    try {
      const c = collector.toResource(raw, hydrated, { account: item.account, region: item.region, partition: item.partition });
      if (Object.keys(errors).length) {
        const cfg = c.resource.config as Record<string, unknown>;
        c.resource.config = { ...cfg, _errors: { ...((cfg._errors as Record<string, string>) ?? {}), ...errors } };
      }
      return c;
    } catch (err) {
      // A collector bug or an item shaped unlike the API's documentation: keep the rest, and do not
      // sweep, or the resource we failed to read would look deleted.
      result.complete = false;
      addGap(err, 'toResource', 'malformed-response');
      return undefined;
    }
  };

  const batch = env.batch ?? 25;
  let pending: unknown[] = [];
  const drain = async () => {
    const done = await Promise.all(pending.map(processOne));
    pending = [];
    for (const c of done) {
      if (!c) continue;
      buffer.push(c);
      seenIds.add(c.resource.id);
      result.resources++;
      types.add(c.resource.type);
      result.byType[c.resource.type] = (result.byType[c.resource.type] ?? 0) + 1;
    }
    if (buffer.length >= 200) await flush();
  };

  const refresh = env.refreshIds;
  const source = refresh && collector.refresh ? collector.refresh(refresh, ctx) : collector.list(ctx);
  try {
    for await (const raw of source) {
      if (env.signal?.aborted) throw new Error('scan aborted');
      pending.push(raw);
      if (pending.length >= batch) await drain();
    }
    await drain();
  } catch (err) {
    result.complete = false;
    if (env.signal?.aborted) throw err;
    await drain().catch(() => {});
    addGap(err, 'list');
  }
  await flush();
  for (const { gap, n } of hydrateGaps.values()) result.gaps.push(n > 1 ? { ...gap, message: `${gap.message} (${n} resources)` } : gap);

  if (refresh && collector.refresh) {
    // A targeted refresh that completed and did not return a named resource: it is gone.
    if (result.complete && refresh.length) {
      const gone: string[] = [];
      for (const type of types) {
        for (const n of refresh) {
          const page = await env.store.resources.list({ type, account: item.account, search: n }, { limit: 50 });
          for (const r of page.items) if (!seenIds.has(r.id) && idMatches(r.id, n)) gone.push(r.id);
        }
      }
      if (gone.length) result.changes.deleted += await env.store.resources.markDeleted(gone, upsertCtx);
    }
  } else if (result.complete) {
    for (const type of types) {
      const regions = collector.scope === 'global' ? (env.knownRegions?.(item.account, type) ?? ['global']) : [item.region];
      for (const region of regions) {
        result.changes.deleted += await env.store.resources.sweep({ account: item.account, region, types: [type], seenSince: at }, upsertCtx);
      }
    }
  }
  return result;
}
