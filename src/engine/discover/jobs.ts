import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Logger } from 'pino';
import type { CollectorUnit } from '../../core/units/collector.js';
import { describeAwsError } from '../../providers/aws/errors.js';
import { homeRegion, roleArn } from '../../providers/aws/partition.js';
import { assumeRoleCredentials, baseCredentials } from '../../providers/aws/provider.js';
import type { Store } from '../../store/index.js';
import { loadUnits } from '../units.js';
import { ClientFactory, type ClientFactoryOptions, callScope, emptyStats } from './client-factory.js';
import { type WorkItem, collectItem, workKey } from './collect.js';

/**
 * Discovery on the worker fleet: one queue job per planned (account, region, collector) work item.
 * The job carries everything a worker on another machine needs — how to reach the account, which
 * hydrated fields to fetch, where the sweep of a global collector must look — so it runs the same
 * `collectItem` the in-process scan runs. Completion is recorded in `scan_items` together with the
 * item's gaps, once: a redelivered job (its first worker died after finishing) records nothing twice,
 * and a job whose item is already recorded is skipped before any API call.
 */
export const DISCOVERY_COLLECT_JOB = 'discovery.collect';

/** Attempts after the first before an item is recorded as failed (so the scan ends, as partial). */
export const DISCOVERY_JOB_RETRIES = 2;

export interface DiscoveryAccess {
  /** The account whose own credentials the worker uses; other accounts are reached via `assumeRole`. */
  callerAccount: string;
  profile?: string;
  assumeRole?: string;
  externalId?: string;
  endpoint?: string;
  /** A recording directory readable by the workers: calls are answered from it, with no network. */
  replay?: string;
  rate?: ClientFactoryOptions['rate'];
  maxAttempts?: number;
}

export interface DiscoveryJob {
  scanId: string;
  item: WorkItem;
  access: DiscoveryAccess;
  /** Hydrator keys to fetch (`*` = all). */
  wanted: string[];
  /** For a global collector: the regions the inventory held, per type, for the item's account before the scan (its sweep looks there). */
  knownRegions?: Record<string, string[]>;
  /** The scan's clock (a replayed demo scans "as of" its story date). */
  now?: string;
}

/** What a finished item reports to its scan (the `scan_items.result` column). */
export interface DiscoveryItemResult {
  resources: number;
  byType: Record<string, number>;
  changes: { created: number; modified: number; deleted: number; unchanged: number };
  complete: boolean;
  api: { calls: number; retries: number; throttled: number; failed: number; byService: Record<string, number> };
  /** Set when the item failed on its last attempt (a store failure, or a worker that kept dying). */
  failed?: string;
}

export interface DiscoveryWorkerDeps {
  collectors?: readonly CollectorUnit<any>[];
  /** Base credentials instead of the profile / default chain (tests). */
  credentials?: AwsCredentialIdentityProvider;
  /** A client factory instead of one built from the job's access (tests, benchmarks). */
  factory?: ClientFactory;
}

interface WorkerState {
  factory: ClientFactory;
  base?: AwsCredentialIdentityProvider;
  creds: Map<string, AwsCredentialIdentityProvider | undefined>;
}

function validJob(d: unknown): DiscoveryJob {
  const j = d as Partial<DiscoveryJob> | null;
  const i = j?.item;
  if (!j || typeof j.scanId !== 'string' || !i || typeof i.account !== 'string' || typeof i.region !== 'string' || typeof i.collector !== 'string')
    throw new Error(`${DISCOVERY_COLLECT_JOB}: malformed job data (needs scanId and item {account, region, partition, collector})`);
  if (!j.access || typeof j.access.callerAccount !== 'string') throw new Error(`${DISCOVERY_COLLECT_JOB}: job data misses access.callerAccount`);
  return { ...j, wanted: Array.isArray(j.wanted) ? j.wanted : ['*'] } as DiscoveryJob;
}

/**
 * The worker side: a handler for `discovery.collect` jobs. One per worker process; it keeps one
 * client factory per distinct access, shared by the jobs it runs at once; its rate budgets per
 * account × service are leased from the store, so all workers together keep to one budget.
 */
export function discoveryJobHandler(deps: DiscoveryWorkerDeps = {}) {
  const states = new Map<string, WorkerState>();
  let byId: Map<string, CollectorUnit<any>> | undefined;

  const stateFor = (a: DiscoveryAccess, store: Store): WorkerState => {
    const k = JSON.stringify(a);
    let s = states.get(k);
    if (!s) {
      // Bounded: a long-lived worker serves many scans; an old scan's clients are not needed again.
      if (states.size >= 16) states.delete(states.keys().next().value as string);
      const factory =
        deps.factory ??
        new ClientFactory({
          ...(a.rate && { rate: a.rate }),
          // Every worker of this store spends one budget per account × service (AWS throttles per
          // account and API, whichever process calls).
          sharedBudget: store.rateBudgets,
          ...(a.maxAttempts !== undefined && { maxAttempts: a.maxAttempts }),
          ...(a.endpoint && { endpoint: a.endpoint }),
          ...(a.replay && { replay: a.replay }),
        });
      s = { factory, creds: new Map() };
      if (!a.replay) s.base = deps.credentials ?? baseCredentials({ ...(a.profile && { profile: a.profile }) });
      states.set(k, s);
    }
    return s;
  };

  const credentialsFor = (s: WorkerState, a: DiscoveryAccess, item: WorkItem): AwsCredentialIdentityProvider | undefined => {
    // A replay answers from the recording with fixed credentials; nothing to assume.
    if (a.replay) return undefined;
    if (item.account === a.callerAccount) return s.base;
    if (!s.creds.has(item.account)) {
      if (!a.assumeRole) throw new Error(`account ${item.account} is not the caller's and the scan has no assume-role`);
      s.creds.set(
        item.account,
        assumeRoleCredentials(
          s.factory.make,
          { account: item.account, region: homeRegion(item.partition), ...(s.base && { master: s.base }) },
          { roleArn: roleArn(item.partition, item.account, a.assumeRole), ...(a.externalId && { externalId: a.externalId }) },
        ),
      );
    }
    return s.creds.get(item.account);
  };

  return async (data: unknown, rt: { store: Store; log?: Logger; worker: string }, attempt = 0): Promise<void> => {
    const job = validJob(data);
    const { store } = rt;
    const key = workKey(job.item);
    if (await store.scans.itemDone(job.scanId, key)) {
      rt.log?.debug({ scanId: job.scanId, item: key }, 'work item already recorded; skipping the redelivered job');
      return;
    }
    byId ??= new Map((deps.collectors ?? loadUnits().collectors).map((c) => [c.id, c]));
    const collector = byId.get(job.item.collector);
    const gapBase = {
      account: job.item.account,
      region: collector?.scope === 'global' ? 'global' : job.item.region,
      service: collector?.service ?? 'unknown',
      operation: 'collect',
    };
    const empty = { resources: 0, byType: {}, changes: { created: 0, modified: 0, deleted: 0, unchanged: 0 }, complete: false };
    if (!collector) {
      // A worker from another release: say so instead of failing the job forever.
      await store.scans.completeItem(job.scanId, key, rt.worker, { ...empty, api: emptyStats(), failed: 'unknown collector' }, [
        { ...gapBase, kind: 'error', message: `${job.item.collector}: no such collector on worker ${rt.worker} (a different release?)` },
      ]);
      return;
    }
    const api = emptyStats();
    try {
      const s = stateFor(job.access, store);
      const credentials = credentialsFor(s, job.access, job.item);
      const now = job.now ? () => new Date(job.now as string) : () => new Date();
      const r = await callScope.run(api, () =>
        collectItem(job.item, collector, {
          store,
          factory: s.factory,
          scanId: job.scanId,
          wanted: new Set(job.wanted),
          now,
          ...(credentials && { credentials }),
          knownRegions: (_account, type) => job.knownRegions?.[type] ?? [],
        }),
      );
      const result: DiscoveryItemResult = { resources: r.resources, byType: r.byType, changes: r.changes, complete: r.complete, api };
      await store.scans.completeItem(job.scanId, key, rt.worker, { ...result }, r.gaps);
    } catch (err) {
      // Only a store failure (or a credentials set-up error) lands here: AWS errors are gaps. Let the
      // queue retry; on the last attempt record the item as failed so the scan ends, as partial.
      if (attempt < DISCOVERY_JOB_RETRIES) throw err;
      const message = describeAwsError(err);
      rt.log?.error({ scanId: job.scanId, item: key, err: message }, 'work item failed on its last attempt');
      await store.scans.completeItem(job.scanId, key, rt.worker, { ...empty, api, failed: message }, [
        { ...gapBase, kind: 'error', message: `${collector.id}: ${message}` },
      ]);
    }
  };
}
