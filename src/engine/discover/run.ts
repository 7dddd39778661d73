import { resolve } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Logger } from 'pino';
import type { CollectorUnit } from '../../core/units/collector.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import type { Queue } from '../../jobs/queue.js';
import { classifyAwsError, describeAwsError } from '../../providers/aws/errors.js';
import { homeRegion } from '../../providers/aws/partition.js';
import { type AwsTargets, baseCredentials, discoverRegions, discoverTargets } from '../../providers/aws/provider.js';
import type { CoverageGap, Store } from '../../store/index.js';
import { loadUnits } from '../units.js';
import { ClientFactory, type ClientFactoryOptions } from './client-factory.js';
import { type ItemResult, type WorkItem, collectItem, workKey } from './collect.js';
import { BOOTSTRAP_ACCOUNTS_AT_ONCE, ITEMS_AT_ONCE_PER_BUCKET, bucketJobs, eachAtOnce, itemWeight, wantedHydrators } from './schedule.js';
import { DISCOVERY_COLLECT_JOB, DISCOVERY_JOB_RETRIES, type DiscoveryAccess, type DiscoveryItemResult, type DiscoveryJob } from './jobs.js';

export interface DiscoveryOptions {
  store: Store;
  log?: Logger;
  profile?: string;
  assumeRole?: string;
  externalId?: string;
  accounts?: readonly string[];
  regions?: readonly string[] | 'all';
  /** Collector services (`ec2`, `s3`) or collector ids to run; default all. */
  services?: readonly string[];
  /** Continue the latest unfinished scan, skipping its finished work items. */
  resume?: boolean;
  record?: string;
  replay?: string;
  /** Default: every AWS collector in the registry. */
  collectors?: readonly CollectorUnit<any>[];
  /** Hydrator keys to fetch; default `*` (all) until the checks engine supplies its needs. */
  wanted?: Iterable<string>;
  /** Account × service buckets collected at once (each runs up to two of its work items at a time). Default 8. */
  concurrency?: number;
  rate?: ClientFactoryOptions['rate'];
  maxAttempts?: number;
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
  /** Inject a factory (tests, benchmarks); otherwise one is built from the options above. */
  factory?: ClientFactory;
  /** Base credentials; default the profile or the default chain. */
  credentials?: AwsCredentialIdentityProvider;
  /** Region for the bootstrap calls; default the partition's home region (us-east-1). */
  region?: string;
  queue?: Queue;
  /**
   * Run the work items as `discovery.collect` jobs on `queue` (started by the caller), executed by
   * `skywatch worker` processes or any process serving that job; this process plans, waits for
   * every item to be recorded, and summarises. Without it the items run in this process.
   */
  distributed?: boolean;
  /** Distributed: how often finished items are counted (ms). Default 1000. */
  pollMs?: number;
  /** Distributed: give up (scan `failed`, resumable) when no item finishes for this long (ms). Default: twice the job expiry plus a minute. */
  stallMs?: number;
  /** Distributed: seconds before a job whose worker died is retried by another. Default 900. */
  jobExpireSeconds?: number;
  signal?: AbortSignal;
  onProgress?(p: DiscoveryProgress): void;
  now?: () => Date;
}

export interface DiscoveryProgress {
  phase: 'planned' | 'item';
  total: number;
  done: number;
  item?: ItemResult;
}

export interface ScanSummary {
  scanId: string;
  status: 'completed' | 'partial' | 'failed';
  resumed: boolean;
  accounts: { id: string; name: string; regions: string[] }[];
  skippedAccounts: { id: string; name: string; reason: string }[];
  workItems: { total: number; done: number; skipped: number };
  resources: { total: number; byType: Record<string, number> };
  changes: { created: number; modified: number; deleted: number; unchanged: number };
  gaps: CoverageGap[];
  api: { calls: number; retries: number; throttled: number; failed: number; byService: Record<string, number> };
  durationMs: number;
  error?: string;
}

/** Collectors selected by `--services`: a service name or a collector id. */
export function selectCollectors(all: readonly CollectorUnit<any>[], services: readonly string[] | undefined): CollectorUnit<any>[] {
  const aws = all.filter((c) => c.provider === 'aws');
  if (!services?.length) return [...aws];
  const want = new Set(services.map((s) => s.trim().toLowerCase()));
  return aws.filter((c) => want.has(c.service.toLowerCase()) || want.has(c.id));
}

/** account × region × collector; global collectors once per account, in the partition's home region. */
export function planWork(
  accounts: readonly { id: string; partition: string; regions: readonly string[] }[],
  collectors: readonly CollectorUnit<any>[],
  /**
   * The account that reads the organisation (management or delegated administrator): Organizations
   * collectors run there only, once per scan. `null`: nowhere (no organisation, or that account is
   * not scanned). Left out: in every account (a planner without targets, e.g. a test).
   */
  orgAccount?: string | null,
): WorkItem[] {
  const items: WorkItem[] = [];
  for (const a of accounts) {
    for (const c of collectors) {
      // Organizations answers only in the management (or delegated administrator) account; members
      // would each report the same organisation, or an AccessDenied.
      if (orgAccount !== undefined && c.service === 'organizations' && a.id !== orgAccount) continue;
      if (c.scope === 'global') items.push({ account: a.id, region: homeRegion(a.partition), partition: a.partition, collector: c.id });
      else for (const r of a.regions) items.push({ account: a.id, region: r, partition: a.partition, collector: c.id });
    }
  }
  return items;
}

/** Options a resumed scan inherits from the scan it continues (so its plan is the same). */
const PERSISTED = ['profile', 'assumeRole', 'externalId', 'accounts', 'regions', 'services', 'record', 'replay'] as const;

/**
 * Discovers an AWS organisation into the inventory: accounts and regions from the provider, then
 * every (account, region, collector) work item through the queue, each recorded as a checkpoint
 * when done. Failures become coverage gaps; only a failure to learn who we are fails the scan.
 */
export async function runDiscovery(input: DiscoveryOptions): Promise<ScanSummary> {
  const started = Date.now();
  const now = input.now ?? (() => new Date());
  const { store } = input;
  const log = input.log;

  let opts = input;
  let scanId: string | undefined;
  let done = new Set<string>();
  let resumed = false;
  if (input.resume) {
    const prev = await store.scans.latest('aws', { unfinished: true });
    if (prev) {
      scanId = prev.id;
      done = new Set(prev.checkpoint.done);
      // Items finished on the worker fleet; failed ones are forgotten so they run again.
      const fleet = await store.scans.items(prev.id);
      const failed = fleet.filter((i) => i.result.failed !== undefined).map((i) => i.key);
      if (failed.length) await store.scans.forgetItems(prev.id, failed);
      for (const i of fleet) if (i.result.failed === undefined) done.add(i.key);
      resumed = true;
      const inherited: Record<string, unknown> = {};
      for (const k of PERSISTED) if (prev.options[k] !== undefined && input[k] === undefined) inherited[k] = prev.options[k];
      opts = { ...input, ...inherited };
      log?.info({ scanId, done: done.size }, 'resuming scan');
    } else log?.info('no unfinished scan to resume; starting a new one');
  }
  if (!scanId) {
    const persisted: Record<string, unknown> = {};
    for (const k of PERSISTED) if (opts[k] !== undefined) persisted[k] = opts[k];
    scanId = await store.scans.start('aws', persisted, now().toISOString());
  }

  // A replay never calls STS: member accounts in the recording are scanned without a real role.
  if (opts.replay && !opts.assumeRole) opts = { ...opts, assumeRole: 'replay' };
  const factory =
    opts.factory ??
    new ClientFactory({
      ...(opts.rate && { rate: opts.rate }),
      ...(opts.maxAttempts !== undefined && { maxAttempts: opts.maxAttempts }),
      ...(opts.endpoint && { endpoint: opts.endpoint }),
      ...(opts.env && { env: opts.env }),
      ...(opts.record && { record: opts.record }),
      ...(opts.replay && { replay: opts.replay }),
    });
  const collectors = selectCollectors(opts.collectors ?? loadUnits().collectors, opts.services);
  const byId = new Map(collectors.map((c) => [c.id, c]));
  const wanted = new Set(opts.wanted ?? ['*']);
  const summary: ScanSummary = {
    scanId,
    status: 'completed',
    resumed,
    accounts: [],
    skippedAccounts: [],
    workItems: { total: 0, done: 0, skipped: 0 },
    resources: { total: 0, byType: {} },
    changes: { created: 0, modified: 0, deleted: 0, unchanged: 0 },
    gaps: [],
    api: factory.stats,
    durationMs: 0,
  };
  let tagsDone: Promise<void> | undefined;
  const finish = async (status: ScanSummary['status'], error?: string) => {
    await tagsDone?.catch((err: unknown) => log?.warn({ err: describeAwsError(err) }, 'account tags not saved'));
    factory.flush();
    summary.gaps = await store.scans.gaps(scanId as string);
    summary.status = status === 'completed' && summary.gaps.length ? 'partial' : status;
    summary.durationMs = Date.now() - started;
    if (error) summary.error = error;
    const { gaps: _g, ...stats } = summary;
    await store.scans.finish(scanId as string, summary.status, { ...stats, gaps: summary.gaps.length }, now().toISOString());
    return summary;
  };

  // Who we are, which accounts, which regions. Without an identity nothing can be scanned.
  const base = opts.credentials ?? (opts.replay ? undefined : baseCredentials({ ...(opts.profile && { profile: opts.profile }) }));
  let targets: AwsTargets;
  try {
    targets = await discoverTargets(
      factory.make,
      {
        ...(opts.assumeRole && { assumeRole: opts.assumeRole }),
        ...(opts.externalId && { externalId: opts.externalId }),
        ...(opts.accounts && { accounts: opts.accounts }),
        ...(opts.region && { region: opts.region }),
      },
      base,
    );
  } catch (err) {
    const kind = classifyAwsError(err);
    if (!resumed)
      await store.scans.addGaps([
        { scanId, account: '_', region: 'global', service: 'sts', operation: 'GetCallerIdentity', kind, message: describeAwsError(err) },
      ]);
    log?.error({ err: describeAwsError(err), kind }, 'cannot establish the AWS identity');
    return finish('failed', `cannot establish the AWS identity (${kind}): ${describeAwsError(err)}`);
  }
  summary.skippedAccounts = targets.skipped;
  for (const s of targets.skipped) log?.warn({ account: s.id, reason: s.reason }, 'account skipped');
  const bootstrapGaps: CoverageGap[] = targets.problems.map((p) => ({ scanId: scanId as string, ...p }));

  // Account tags come from one Organizations budget (one call per account): they are fetched while
  // the accounts are scanned, and the accounts keep the tags they had until then.
  const tagFetch = targets.deferredTags?.().catch((err: unknown) => ({
    tags: new Map<string, Record<string, string>>(),
    problems: [
      {
        account: targets.caller.account,
        region: 'global',
        service: 'organizations',
        operation: 'ListTagsForResource',
        kind: classifyAwsError(err),
        message: describeAwsError(err),
      },
    ],
  }));
  const previousTags = new Map(tagFetch ? (await store.accounts.list()).map((a) => [a.id, a.tags]) : []);
  const accountPlans: { id: string; name: string; partition: string; regions: string[]; credentials?: AwsCredentialIdentityProvider }[] = [];
  // Each account answers DescribeRegions from its own budget, so they are asked several at a time
  // (one after another, 200 accounts spent seconds of round trips before the first work item).
  const regionsOf = new Map<string, Awaited<ReturnType<typeof discoverRegions>>>();
  await eachAtOnce(targets.accounts, BOOTSTRAP_ACCOUNTS_AT_ONCE, async (a) => {
    regionsOf.set(a.id, await discoverRegions(factory.make, a, opts.regions));
  });
  const accountRow = (a: (typeof targets.accounts)[number], tags: Record<string, string>) =>
    ({ id: a.id, provider: 'aws', name: a.name, parent: a.parent, status: a.status.toLowerCase(), team: null, tags }) as const;
  for (const a of targets.accounts) {
    await store.accounts.upsert(accountRow(a, previousTags.get(a.id) ?? {}));
    const r = regionsOf.get(a.id) ?? { regions: [], problems: [] };
    bootstrapGaps.push(...r.problems.map((p) => ({ scanId: scanId as string, ...p })));
    accountPlans.push({ id: a.id, name: a.name, partition: a.partition, regions: r.regions, ...(a.credentials && { credentials: a.credentials }) });
    summary.accounts.push({ id: a.id, name: a.name, regions: r.regions });
  }
  // A resumed scan already recorded these on its first run.
  if (!resumed) await store.scans.addGaps(bootstrapGaps);
  tagsDone = tagFetch?.then(async (t) => {
    for (const a of targets.accounts) {
      const tags = t.tags.get(a.id);
      if (tags) await store.accounts.upsert(accountRow(a, tags));
    }
    if (!resumed) await store.scans.addGaps(t.problems.map((p) => ({ scanId: scanId as string, ...p })));
  });

  const items = planWork(accountPlans, collectors, targets.organizationAccount);
  const todo = items.filter((i) => !done.has(workKey(i)));
  summary.workItems = { total: items.length, done: 0, skipped: items.length - todo.length };
  opts.onProgress?.({ phase: 'planned', total: items.length, done: items.length - todo.length });
  log?.info(
    {
      scanId,
      accounts: accountPlans.length,
      items: items.length,
      todo: todo.length,
      collectors: collectors.length,
      organizationAccount: targets.organizationAccount,
      managementAccount: targets.managementAccount,
    },
    'discovery planned',
  );

  // Regions the inventory holds per (account, type) before this scan: where a global collector's
  // resources (S3 buckets live in their own regions) may need sweeping.
  const facets = await store.resources.facets();
  const known = new Map<string, Set<string>>();
  for (const f of facets) {
    const k = `${f.account}\u0000${f.type}`;
    (known.get(k) ?? known.set(k, new Set()).get(k))?.add(f.region);
  }
  const credsOf = new Map(accountPlans.map((a) => [a.id, a.credentials]));
  // Expected API calls per item, so the heaviest buckets start first (schedule.ts): sizes from the
  // previous inventory for accounts it knows (a type it holds nothing of there is empty), priors
  // for accounts it has never seen.
  const size = new Map<string, number>();
  const knownAccounts = new Set<string>();
  for (const f of facets) {
    const k = `${f.account}\u0000${f.region}\u0000${f.type}`;
    size.set(k, (size.get(k) ?? 0) + f.n);
    knownAccounts.add(f.account);
  }
  const hydrators = new Map(collectors.map((c) => [c.id, wantedHydrators(c, wanted)]));
  const weight = (i: WorkItem) => {
    const c = byId.get(i.collector);
    if (!c) return 0;
    let held: number | undefined;
    if (knownAccounts.has(i.account)) {
      // A global collector's resources live in the regions the inventory held for its type.
      const regions = c.scope === 'global' ? [...(known.get(`${i.account}\u0000${c.resourceType}`) ?? [])] : [i.region];
      held = regions.reduce((n, r) => n + (size.get(`${i.account}\u0000${r}\u0000${c.resourceType}`) ?? 0), 0);
    }
    return itemWeight(c, hydrators.get(c.id) ?? 0, held);
  };

  // Checkpoints are written one at a time, at most once a second: the list of done items grows with
  // the scan, and rewriting it after every item would make a large scan quadratic. A crash loses at
  // most a second of progress, and re-running a finished item is harmless (upserts are idempotent).
  let checkpointChain: Promise<void> = Promise.resolve();
  let dirty = false;
  let lastSave = 0;
  const flushCheckpoint = () => {
    if (!dirty) return checkpointChain;
    dirty = false;
    lastSave = Date.now();
    const snapshot = [...done];
    checkpointChain = checkpointChain.then(() => store.scans.saveCheckpoint(scanId as string, { done: snapshot, total: items.length }));
    return checkpointChain;
  };
  const saveDone = (key: string) => {
    done.add(key);
    dirty = true;
    return Date.now() - lastSave >= 1000 ? flushCheckpoint() : checkpointChain;
  };

  if (opts.distributed) {
    if (!opts.queue) throw new Error('a distributed discovery needs a queue');
    if (opts.record) return finish('failed', '--record cannot be used with the worker fleet: each worker would record only its own calls');
    const queue = opts.queue;
    // Where each account's global collectors must sweep: the regions the inventory held per type.
    const knownByAccount = new Map<string, Record<string, string[]>>();
    for (const [k, regions] of known) {
      const [account, type] = k.split('\u0000') as [string, string];
      const rec = knownByAccount.get(account) ?? knownByAccount.set(account, {}).get(account);
      if (rec) rec[type] = [...regions];
    }
    const access: DiscoveryAccess = {
      callerAccount: targets.caller.account,
      ...(opts.profile && { profile: opts.profile }),
      ...(opts.assumeRole && !opts.replay && { assumeRole: opts.assumeRole }),
      ...(opts.externalId && { externalId: opts.externalId }),
      ...(opts.endpoint && { endpoint: opts.endpoint }),
      ...(opts.replay && { replay: resolve(opts.replay) }),
      ...(opts.rate && { rate: opts.rate }),
      ...(opts.maxAttempts !== undefined && { maxAttempts: opts.maxAttempts }),
    };
    const wantedList = [...wanted];
    const fixedNow = input.now ? now().toISOString() : undefined;
    const before = await store.scans.itemCount(scanId);
    // Heaviest first here too; the workers take jobs in about that order.
    const weights = new Map(todo.map((i) => [workKey(i), weight(i)]));
    const ordered = [...todo].sort((a, b) => (weights.get(workKey(b)) ?? 0) - (weights.get(workKey(a)) ?? 0));
    for (const item of ordered) {
      const global = byId.get(item.collector)?.scope === 'global';
      const job: DiscoveryJob = {
        scanId,
        item,
        access,
        wanted: wantedList,
        ...(global && { knownRegions: knownByAccount.get(item.account) ?? {} }),
        ...(fixedNow && { now: fixedNow }),
      };
      await queue.enqueue(DISCOVERY_COLLECT_JOB, job, {
        retryLimit: DISCOVERY_JOB_RETRIES,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: opts.jobExpireSeconds ?? 900,
      });
    }
    log?.info({ scanId, jobs: todo.length, queue: queue.kind }, 'discovery jobs enqueued; waiting for workers');
    const target = before + todo.length;
    const stallMs = opts.stallMs ?? 2 * (opts.jobExpireSeconds ?? 900) * 1000 + 60_000;
    let seen = before;
    let lastProgress = Date.now();
    while (seen < target) {
      if (opts.signal?.aborted) return finish('failed', 'scan aborted; queued jobs still run on the workers; run again with --resume to continue');
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
      const n = await store.scans.itemCount(scanId);
      if (n > seen) {
        for (let k = seen; k < n; k++) opts.onProgress?.({ phase: 'item', total: items.length, done: items.length - todo.length + (k - before) + 1 });
        seen = n;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > stallMs) {
        return finish(
          'failed',
          `${target - seen} work items did not finish within ${Math.round(stallMs / 1000)} s of the last one (is a \`skywatch worker\` running?); run again with --resume`,
        );
      }
    }
    const mine = new Set(todo.map(workKey));
    const failed: string[] = [];
    for (const it of await store.scans.items(scanId)) {
      if (!mine.has(it.key)) continue;
      const r = it.result as unknown as DiscoveryItemResult;
      if (r.failed !== undefined) {
        failed.push(it.key);
        continue;
      }
      summary.workItems.done++;
      summary.resources.total += r.resources;
      for (const [t, n] of Object.entries(r.byType)) summary.resources.byType[t] = (summary.resources.byType[t] ?? 0) + n;
      for (const k of ['created', 'modified', 'deleted', 'unchanged'] as const) summary.changes[k] += r.changes[k];
      for (const k of ['calls', 'retries', 'throttled', 'failed'] as const) summary.api[k] += r.api[k];
      for (const [svc, n] of Object.entries(r.api.byService)) summary.api.byService[svc] = (summary.api.byService[svc] ?? 0) + n;
    }
    if (failed.length)
      return finish('failed', `${failed.length} work items failed on the workers (${failed.slice(0, 3).join(', ')}…); run again with --resume`);
    return finish('completed');
  }

  const queue = opts.queue ?? new EmbeddedQueue();
  const jobName = `discovery.collect.${scanId}`;
  let aborted = false;
  let fatal: unknown;
  await queue.start();
  // One job per account × service bucket, heaviest first; `concurrency` buckets at once (schedule.ts).
  const serviceOf = (i: WorkItem) => byId.get(i.collector)?.service ?? i.collector;
  const jobs = bucketJobs(todo, serviceOf, weight, factory.budget.opts.burst ?? factory.budget.opts.perSecond ?? 10);
  await queue.work<WorkItem[]>(jobName, { concurrency: Math.max(1, opts.concurrency ?? 8) }, async (job) => {
    await eachAtOnce(job.data, ITEMS_AT_ONCE_PER_BUCKET, runItem);
  });
  const runItem = async (item: WorkItem) => {
    if (opts.signal?.aborted) {
      aborted = true;
      return;
    }
    const collector = byId.get(item.collector);
    if (!collector) return;
    try {
      const creds = credsOf.get(item.account);
      const r = await collectItem(item, collector, {
        store,
        factory,
        scanId: scanId as string,
        wanted,
        now,
        ...(creds && { credentials: creds }),
        ...(opts.signal && { signal: opts.signal }),
        knownRegions: (account, type) => [...(known.get(`${account}\u0000${type}`) ?? [])],
      });
      if (r.gaps.length) await store.scans.addGaps(r.gaps.map((g) => ({ scanId: scanId as string, ...g })));
      summary.resources.total += r.resources;
      for (const [t, n] of Object.entries(r.byType)) summary.resources.byType[t] = (summary.resources.byType[t] ?? 0) + n;
      summary.changes.created += r.changes.created;
      summary.changes.modified += r.changes.modified;
      summary.changes.deleted += r.changes.deleted;
      summary.changes.unchanged += r.changes.unchanged;
      await saveDone(r.key);
      summary.workItems.done++;
      if (r.gaps.length) log?.warn({ item: r.key, gaps: r.gaps.map((g) => `${g.service}:${g.operation} ${g.kind}`) }, 'coverage gaps');
      else log?.debug({ item: r.key, resources: r.resources }, 'work item done');
      opts.onProgress?.({ phase: 'item', total: items.length, done: summary.workItems.done + summary.workItems.skipped, item: r });
    } catch (err) {
      // Only an abort or a store failure lands here; the item stays unfinished for --resume.
      if (opts.signal?.aborted) aborted = true;
      else fatal ??= err;
    }
  };
  for (const bucket of jobs) await queue.enqueue(jobName, bucket, { retryLimit: 0 });
  await queue.drain(24 * 3_600_000);
  await flushCheckpoint();
  if (!opts.queue) await queue.stop();
  if (aborted || opts.signal?.aborted) return finish('failed', 'scan aborted; run again with --resume to continue');
  if (fatal) return finish('failed', `store failure: ${describeAwsError(fatal)}`);
  return finish('completed');
}
