import type { Logger } from 'pino';
import type { SkywatchConfig } from '../../../core/config.js';
import { type NewFinding, findingKey } from '../../../core/finding.js';
import type { ResourceRecord } from '../../../core/resource.js';
import type { CheckStatus } from '../../../core/status.js';
import type { CheckOutcome, CheckUnit } from '../../../core/units/check.js';
import type { CheckResult, Store, StoredOutcome } from '../../../store/index.js';
import { fromJson } from '../../../store/json.js';
import { type FindingsDiff, diffRuns } from './diff.js';
import { evaluateCheck, neededKeys, resolveParams, selectChecks } from './evaluate.js';
import { CachedGraph } from './graph.js';
import { accountContext, loadOrgCoverage } from './org.js';
import { type SuppressionRule, applySuppressions } from './suppressions.js';

export interface RunChecksOptions {
  /** Every check known (registry and custom policies); `config` chooses which run. */
  checks: readonly CheckUnit[];
  config?: SkywatchConfig['checks'];
  /** Suppression rules (config and store); see suppressions.ts. */
  suppressions?: readonly SuppressionRule[];
  /** Only these resources (an audit-log event touched them); ids no longer in the inventory resolve their findings. */
  resourceIds?: readonly string[];
  /** Only these accounts. */
  accounts?: readonly string[];
  now?: Date;
  /** Resources per batch streamed from the store: memory for resource-scoped checks is bounded by it. */
  batchSize?: number;
  /** Resources the graph cache may hold before it is dropped between batches (default 20 000). */
  graphCacheLimit?: number;
  /** Keep per-check results for compliance reports (default true). */
  recordResults?: boolean;
  /**
   * False evaluates and counts only: no findings, results, resolution or snapshots are written
   * (benchmarks, previews). Default true.
   */
  persist?: boolean;
  log?: Logger;
}

export type StatusCounts = Record<CheckStatus, number>;

export interface RunChecksResult {
  runId: string;
  kind: 'full' | 'event';
  startedAt: string;
  checks: number;
  resources: number;
  evaluations: number;
  counts: StatusCounts;
  /** `error` and `not-applicable` outcomes by reason (access-denied, missing-data, …). */
  reasons: Record<string, number>;
  /** Only the `error` outcomes by reason: what a person should look at (permissions, collection). */
  errorReasons: Record<string, number>;
  findings: { created: number; reopened: number; updated: number; resolved: number; suppressed: number; unsuppressed: number };
  durationMs: number;
  /** Against the previous full run (full runs only). */
  diff?: FindingsDiff;
}

/** Graph rounds per batch: a check walking N hops needs N loads; beyond this the graph answers "absent". */
const MAX_ROUNDS = 4;

/** A check as the hot loop runs it: params resolved and needed keys split once per run, not per evaluation. */
interface Planned {
  check: CheckUnit;
  params: unknown;
  keys: readonly string[];
}

interface Pending {
  resource: ResourceRecord;
  plan: Planned;
}

/**
 * Runs the enabled checks over the inventory (all of it, some accounts, or only resources an event
 * touched): streams resources in batches, evaluates every check for each resource's type, turns fails
 * into findings, resolves findings no longer observed, keeps the latest result per (check, resource),
 * applies suppressions, and for full runs snapshots the open findings for scan-to-scan diffs.
 */
export async function runChecks(store: Store, opts: RunChecksOptions): Promise<RunChecksResult> {
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const checks = selectChecks(opts.checks, opts.config);
  const params = resolveParams(checks, opts.config);
  // Dispatch by resource type, decided once: each resource meets only the checks of its type.
  const byType = new Map<string, Planned[]>();
  for (const c of checks)
    (byType.get(c.resourceType) ?? byType.set(c.resourceType, []).get(c.resourceType))?.push({ check: c, params: params.get(c.id), keys: neededKeys(c) });
  const kind = opts.resourceIds ? 'event' : 'full';
  const runId = await store.checkRuns.start(
    kind,
    { checks: checks.length, ...(opts.accounts && { accounts: opts.accounts }), ...(opts.resourceIds && { resources: opts.resourceIds.length }) },
    at,
  );
  const coverage = await loadOrgCoverage(store);
  const accounts = new Map<string, ReturnType<typeof accountContext>>();
  const accountOf = (id: string) => accounts.get(id) ?? accounts.set(id, accountContext(coverage, id)).get(id);
  const graph = new CachedGraph();
  const cacheLimit = opts.graphCacheLimit ?? 20_000;
  const persist = opts.persist ?? true;
  const record = persist && (opts.recordResults ?? true);
  const counts: StatusCounts = { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
  const reasons: Record<string, number> = {};
  const errorReasons: Record<string, number> = {};
  const found = { created: 0, reopened: 0, updated: 0, resolved: 0, suppressed: 0, unsuppressed: 0 };
  let resources = 0;
  let evaluations = 0;

  // One context object per evaluation would be most of the engine's garbage; checks are pure and
  // synchronous, so one object re-pointed per evaluation is safe.
  const ctx: { params: unknown; graph: CachedGraph; now: Date; account: ReturnType<typeof accountContext> } = {
    params: undefined,
    graph,
    now,
    account: accountOf('') as ReturnType<typeof accountContext>,
  };
  const evaluate = (r: ResourceRecord, p: Planned): CheckOutcome => {
    ctx.params = p.params;
    if (ctx.account.id !== r.account) ctx.account = accountOf(r.account) as ReturnType<typeof accountContext>;
    return evaluateCheck(p.check, r, ctx, p.keys);
  };

  // What one batch leaves to write; counted as outcomes arrive, written once per batch.
  let fails: NewFinding[] = [];
  let touch: string[] = [];
  let rows: CheckResult[] = [];
  const take = (r: ResourceRecord, c: CheckUnit, o: CheckOutcome) => {
    counts[o.status]++;
    evaluations++;
    if (o.reason && o.status !== 'fail') reasons[o.reason] = (reasons[o.reason] ?? 0) + 1;
    if (o.status === 'error') errorReasons[o.reason ?? 'unknown'] = (errorReasons[o.reason ?? 'unknown'] ?? 0) + 1;
    if (!persist) return;
    if (o.status === 'fail') {
      fails.push({
        source: 'config',
        ruleId: c.id,
        // Check titles state the good state; a finding says what is wrong, on which resource.
        title: o.message ? `${r.name}: ${o.message}` : `${r.name}: fails "${c.title}"`,
        severity: c.severity,
        resourceId: r.id,
        resourceType: r.type,
        account: r.account,
        region: r.region,
        evidence: o.message ? { message: o.message, ...(o.evidence ?? {}) } : { ...(o.evidence ?? {}) },
        attack: [],
        compliance: [...c.compliance],
        seenAt: at,
      });
    } else if (o.status === 'error') touch.push(findingKey({ source: 'config', ruleId: c.id, resourceId: r.id, account: r.account }));
    if (record)
      rows.push({
        checkId: c.id,
        resourceId: r.id,
        resourceType: r.type,
        account: r.account,
        region: r.region,
        status: o.status,
        reason: o.reason ?? null,
        message: o.message ?? null,
        evidence: o.status === 'fail' && o.evidence ? o.evidence : null,
        evaluatedAt: at,
        runId,
      });
  };

  const flushBatch = async (resourceIds: readonly string[]) => {
    if (!persist) return;
    const batchFails = fails;
    const batchTouch = touch;
    const batchRows = rows;
    fails = [];
    touch = [];
    rows = [];
    if (batchFails.length) {
      // Steady state: most fails are the same finding as last run. Those only move `last_seen`, in
      // bulk; new, reopened or changed ones go through the findings repository.
      const keys = batchFails.map((f) => findingKey(f));
      const states = await store.configQueries.findingStates(keys);
      const changed: NewFinding[] = [];
      for (let i = 0; i < batchFails.length; i++) {
        const f = batchFails[i] as NewFinding;
        const s = states.get(keys[i] as string);
        if (s && s.status !== 'resolved' && s.title === f.title && s.severity === f.severity && stableJson(s.evidence) === stableJson(f.evidence))
          batchTouch.push(keys[i] as string);
        else changed.push(f);
      }
      found.updated += batchFails.length - changed.length;
      if (changed.length) {
        const u = await store.findings.upsert(changed);
        found.created += u.created.length;
        found.reopened += u.reopened.length;
        found.updated += u.updated;
      }
    }
    // Outcomes identical to the stored ones are not rewritten: a steady-state run writes only changes.
    let write = batchRows;
    if (batchRows.length) {
      const stored = await store.checkResults.current(resourceIds);
      write = batchRows.filter((row) => !sameOutcome(stored.get(`${row.checkId}\u0000${row.resourceId}`), row));
    }
    if (!batchTouch.length && !write.length) return;
    // One transaction per batch: one commit instead of one per statement.
    await store.configQueries.transaction(async (tx) => {
      // Errors neither confirm nor clear a finding; unchanged fails are confirmed: both only move last_seen.
      if (batchTouch.length) await tx.queries.touchFindings(batchTouch, at);
      if (write.length) await tx.results.record(write);
    });
  };

  const evaluateBatch = async (batch: readonly ResourceRecord[]) => {
    graph.seed(batch);
    let pending: Pending[] = [];
    for (const r of batch) {
      const list = byType.get(r.type);
      if (!list) continue;
      for (const p of list) {
        const before = graph.misses;
        const outcome = evaluate(r, p);
        if (graph.misses !== before) pending.push({ resource: r, plan: p });
        else take(r, p.check, outcome);
      }
    }
    for (let round = 0; pending.length && round < MAX_ROUNDS; round++) {
      await graph.load(store);
      const again: Pending[] = [];
      const last = round === MAX_ROUNDS - 1;
      for (const p of pending) {
        const before = graph.misses;
        const outcome = evaluate(p.resource, p.plan);
        if (graph.misses !== before && !last) again.push(p);
        else take(p.resource, p.plan.check, outcome);
      }
      pending = again;
    }
    await flushBatch(batch.map((r) => r.id));
    if (graph.size > cacheLimit) graph.clear();
  };

  if (opts.resourceIds) {
    const ids = [...new Set(opts.resourceIds)];
    for (let i = 0; i < ids.length; i += opts.batchSize ?? 1000) {
      const live = (await store.resources.getMany(ids.slice(i, i + (opts.batchSize ?? 1000)))).filter(
        (r) => r.deletedAt === null && (!opts.accounts || opts.accounts.includes(r.account)),
      );
      resources += live.length;
      await evaluateBatch(live);
    }
  } else {
    // Only the types some check looks at are read: most of an inventory (ENIs, routes, …) has none.
    for (const type of [...byType.keys()].sort())
      for await (const batch of store.configQueries.streamType(type, opts.accounts, opts.batchSize ?? 1000)) {
        resources += batch.length;
        await evaluateBatch(batch);
      }
  }

  // What this run evaluated and did not see fail again is fixed (or its resource is gone).
  const ruleIds = checks.map((c) => c.id);
  // The run's figures, taken when asked so the duration covers whatever persisting happened.
  const summarise = (): RunChecksResult => ({
    runId,
    kind,
    startedAt: at,
    checks: checks.length,
    resources,
    evaluations,
    counts,
    reasons,
    errorReasons,
    findings: found,
    durationMs: Math.round(performance.now() - t0),
  });
  if (!persist) {
    await store.checkRuns.finish(runId, { resources, evaluations, counts, persist: false }, new Date().toISOString());
    return summarise();
  }
  found.resolved = await store.configQueries.resolveStale(
    {
      source: 'config',
      ruleIds,
      seenBefore: at,
      ...(opts.accounts && { accounts: opts.accounts }),
      ...(opts.resourceIds && { resourceIds: opts.resourceIds }),
    },
    at,
  );
  if (record)
    await store.checkResults.deleteStale({
      checkIds: ruleIds,
      ...(opts.accounts && { accounts: opts.accounts }),
      ...(opts.resourceIds && { resourceIds: opts.resourceIds }),
    });
  const sup = await applySuppressions(store, opts.suppressions ?? [], now);
  found.suppressed = sup.suppressed;
  found.unsuppressed = sup.reopened;

  const result = summarise();
  if (kind === 'full') {
    await store.checkRuns.snapshot(runId);
    await store.checkRuns.prune();
  }
  const { diff: _d, ...stats } = result;
  await store.checkRuns.finish(runId, stats, new Date(Math.max(Date.now(), now.getTime())).toISOString());
  if (kind === 'full') result.diff = await diffRuns(store, { to: runId });
  opts.log?.info({ runId, kind, resources, evaluations, counts, findings: found, ms: result.durationMs }, 'config checks finished');
  return result;
}

/** Whether a stored outcome says the same as a new one (status, reason, message, evidence). */
function sameOutcome(s: StoredOutcome | undefined, row: CheckResult): boolean {
  if (!s || s.status !== row.status || s.reason !== row.reason || s.message !== row.message) return false;
  if (row.evidence === null || s.evidence === null) return row.evidence === s.evidence;
  return (typeof s.evidence === 'string' && s.evidence === JSON.stringify(row.evidence)) || stableJson(fromJson(s.evidence, null)) === stableJson(row.evidence);
}

/** JSON with sorted keys: PostgreSQL's jsonb does not keep key order, so plain stringify would differ. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
