import { type Kysely, sql } from 'kysely';
import { newId } from '../../core/ids.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { CheckStatus } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import type { CheckResultsTable, Database } from '../schema.js';
import { nonEmpty } from './page.js';

/** What `current` returns per (check, resource): enough to tell whether an outcome changed. */
export interface StoredOutcome {
  status: string;
  reason: string | null;
  message: string | null;
  evidence: unknown;
}

/**
 * The latest outcome of one check on one resource. `evaluatedAt` and `runId` say when and by which
 * run the outcome was first observed: an unchanged outcome is not rewritten by later runs.
 */
export interface CheckResult {
  checkId: string;
  resourceId: string;
  resourceType: string;
  account: string;
  region: string;
  status: CheckStatus;
  reason: string | null;
  message: string | null;
  evidence: Record<string, unknown> | null;
  evaluatedAt: string;
  runId: string | null;
}

export interface CheckResultFilter {
  checkIds?: readonly string[];
  account?: string;
  status?: CheckStatus;
  resourceIds?: readonly string[];
}

const BATCH = 400;

/** Latest result per (check, resource): an upsert per pair, so the table stays the size of the inventory × checks that apply. */
export class CheckResultsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async record(results: readonly CheckResult[]): Promise<void> {
    for (let i = 0; i < results.length; i += BATCH) {
      const rows: CheckResultsTable[] = results.slice(i, i + BATCH).map((r) => ({
        check_id: r.checkId,
        resource_id: r.resourceId,
        resource_type: r.resourceType,
        account: r.account,
        region: r.region,
        status: r.status,
        reason: r.reason,
        message: r.message,
        evidence: r.evidence === null ? null : toJson(r.evidence),
        evaluated_at: r.evaluatedAt,
        run_id: r.runId,
      }));
      await this.db
        .insertInto('check_results')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['check_id', 'resource_id']).doUpdateSet((eb) => ({
            resource_type: eb.ref('excluded.resource_type'),
            account: eb.ref('excluded.account'),
            region: eb.ref('excluded.region'),
            status: eb.ref('excluded.status'),
            reason: eb.ref('excluded.reason'),
            message: eb.ref('excluded.message'),
            evidence: eb.ref('excluded.evidence'),
            evaluated_at: eb.ref('excluded.evaluated_at'),
            run_id: eb.ref('excluded.run_id'),
          })),
        )
        .execute();
    }
  }

  /**
   * The stored outcome of every check on these resources, keyed `checkId \0 resourceId`: the engine
   * compares against it and rewrites only what changed (a steady-state run writes almost nothing).
   * `evidence` is the stored JSON (text on SQLite, parsed on PostgreSQL).
   */
  async current(resourceIds: readonly string[]): Promise<Map<string, StoredOutcome>> {
    const out = new Map<string, StoredOutcome>();
    for (let i = 0; i < resourceIds.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('check_results')
        .select(['check_id', 'resource_id', 'status', 'reason', 'message', 'evidence'])
        .where('resource_id', 'in', resourceIds.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.set(`${r.check_id}\u0000${r.resource_id}`, { status: r.status, reason: r.reason, message: r.message, evidence: r.evidence });
    }
    return out;
  }

  /**
   * Drops the results of the evaluated checks whose resource is no longer live (deleted, or gone from
   * the inventory), within what a run evaluated, so a report does not show them. A live resource always
   * has a fresh outcome for every check of its type, so only gone resources leave stale rows; deciding
   * by liveness (not by `evaluated_at`) is what lets unchanged outcomes go unwritten.
   */
  async deleteStale(where: { checkIds?: readonly string[]; accounts?: readonly string[]; resourceIds?: readonly string[] }): Promise<number> {
    const chunks = where.resourceIds ? chunk(where.resourceIds, BATCH) : [undefined];
    let n = 0;
    for (const ids of chunks) {
      let q = this.db
        .deleteFrom('check_results')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('resources')
                .select('resources.id')
                .whereRef('resources.id', '=', 'check_results.resource_id')
                .where('resources.deleted_at', 'is', null),
            ),
          ),
        );
      if (where.checkIds) q = q.where('check_id', 'in', nonEmpty(where.checkIds));
      if (where.accounts) q = q.where('account', 'in', nonEmpty(where.accounts));
      if (ids) q = q.where('resource_id', 'in', ids);
      const r = await q.executeTakeFirst();
      n += Number(r.numDeletedRows ?? 0);
    }
    return n;
  }

  async list(filter: CheckResultFilter = {}, limit = 10_000): Promise<CheckResult[]> {
    let q = this.db.selectFrom('check_results').selectAll();
    if (filter.checkIds) q = q.where('check_id', 'in', nonEmpty(filter.checkIds));
    if (filter.account) q = q.where('account', '=', filter.account);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.resourceIds) q = q.where('resource_id', 'in', nonEmpty(filter.resourceIds));
    const rows = await q.orderBy('check_id').orderBy('resource_id').limit(limit).execute();
    return rows.map(fromRow);
  }

  /** Counts per check and status: the body of a compliance report. */
  async summary(filter: { account?: string } = {}): Promise<{ checkId: string; status: CheckStatus; n: number }[]> {
    let q = this.db.selectFrom('check_results').select(['check_id', 'status', (eb) => eb.fn.countAll<number>().as('n')]);
    if (filter.account) q = q.where('account', '=', filter.account);
    const rows = await q.groupBy(['check_id', 'status']).execute();
    return rows.map((r) => ({ checkId: r.check_id, status: r.status as CheckStatus, n: Number(r.n) }));
  }
}

function fromRow(r: CheckResultsTable): CheckResult {
  return {
    checkId: r.check_id,
    resourceId: r.resource_id,
    resourceType: r.resource_type,
    account: r.account,
    region: r.region,
    status: r.status as CheckStatus,
    reason: r.reason,
    message: r.message,
    evidence: r.evidence === null ? null : fromJson(r.evidence, {}),
    evaluatedAt: r.evaluated_at,
    runId: r.run_id,
  };
}

export interface CheckRun {
  id: string;
  kind: 'full' | 'event';
  startedAt: string;
  finishedAt: string | null;
  scope: Record<string, unknown>;
  stats: Record<string, unknown>;
}

/** Check runs and, for full runs, the snapshot of findings they left open: what `findings diff` compares. */
export class CheckRunsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async start(kind: CheckRun['kind'], scope: Record<string, unknown>, at: string): Promise<string> {
    const id = newId('run', Date.parse(at) || Date.now());
    await this.db
      .insertInto('check_runs')
      .values({ id, kind, started_at: at, finished_at: null, scope: toJson(scope), stats: toJson({}) })
      .execute();
    return id;
  }

  async finish(id: string, stats: Record<string, unknown>, at: string): Promise<void> {
    await this.db
      .updateTable('check_runs')
      .set({ finished_at: at, stats: toJson(stats) })
      .where('id', '=', id)
      .execute();
  }

  /** Records which findings of `source` are open or suppressed right now, as the state after run `runId`. */
  async snapshot(runId: string, source = 'config'): Promise<number> {
    const r = await this.db
      .insertInto('finding_snapshots')
      .columns(['run_id', 'finding_id', 'status'])
      .expression((eb) =>
        eb
          .selectFrom('findings')
          .select([sql<string>`cast(${runId} as text)`.as('run_id'), 'id', 'status'])
          .where('source', '=', source)
          .where('status', 'in', ['open', 'suppressed']),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  async snapshotOf(runId: string): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('finding_snapshots').select(['finding_id', 'status']).where('run_id', '=', runId).execute();
    return new Map(rows.map((r) => [r.finding_id, r.status]));
  }

  /** Keeps the snapshots of the last `keep` full runs: diffs look back that far, the table stays small. */
  async prune(keep = 30): Promise<void> {
    const old = await this.db
      .selectFrom('check_runs')
      .select('id')
      .where('kind', '=', 'full')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .offset(keep)
      .limit(10_000)
      .execute();
    if (old.length)
      await this.db
        .deleteFrom('finding_snapshots')
        .where(
          'run_id',
          'in',
          old.map((o) => o.id),
        )
        .execute();
  }

  async get(id: string): Promise<CheckRun | undefined> {
    const r = await this.db.selectFrom('check_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRun(r);
  }

  async list(opts: { kind?: CheckRun['kind']; finished?: boolean; limit?: number } = {}): Promise<CheckRun[]> {
    let q = this.db.selectFrom('check_runs').selectAll();
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.finished) q = q.where('finished_at', 'is not', null);
    const rows = await q
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 50)
      .execute();
    return rows.map(toRun);
  }
}

function toRun(r: Database['check_runs']): CheckRun {
  return {
    id: r.id,
    kind: r.kind as CheckRun['kind'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    scope: fromJson(r.scope, {}),
    stats: fromJson(r.stats, {}),
  };
}

/**
 * The queries the config engine needs beyond the shared repos: bulk edge look-ups for graph-scoped
 * checks, and finding state changes keyed by dedup key (touch on error, resolve what a run no longer
 * sees, apply suppressions).
 */
export class ConfigQueriesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `fn` in one transaction with the config repos bound to it: one commit per engine batch, not per statement. */
  transaction<T>(fn: (tx: { results: CheckResultsRepo; queries: ConfigQueriesRepo }) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn({ results: new CheckResultsRepo(tx), queries: new ConfigQueriesRepo(tx) }));
  }

  /** Live edges that start or end at any of `ids`. */
  async edgesTouching(ids: readonly string[]): Promise<{ from: string; to: string; kind: string }[]> {
    const out: { from: string; to: string; kind: string }[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const rows = await this.db
        .selectFrom('edges')
        .select(['from_id', 'to_id', 'kind'])
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('from_id', 'in', chunk), eb('to_id', 'in', chunk)]))
        .execute();
      for (const r of rows) out.push({ from: r.from_id, to: r.to_id, kind: r.kind });
    }
    return out;
  }

  /** The stored state of findings by dedup key (to skip rewriting findings that did not change). */
  async findingStates(dedupKeys: readonly string[]): Promise<Map<string, { status: string; title: string; severity: string; evidence: unknown }>> {
    const out = new Map<string, { status: string; title: string; severity: string; evidence: unknown }>();
    for (const part of chunk(dedupKeys, BATCH)) {
      const rows = await this.db
        .selectFrom('findings')
        .select(['dedup_key', 'status', 'title', 'severity', 'evidence'])
        .where('dedup_key', 'in', part)
        .execute();
      for (const r of rows) out.set(r.dedup_key, { status: r.status, title: r.title, severity: r.severity, evidence: fromJson(r.evidence, {}) });
    }
    return out;
  }

  /**
   * Live resources of one type (optionally of some accounts, or one account and region) in id order,
   * `batch` at a time, with only the columns a check reads (the engine's hot path and the graph's
   * type lists: no timestamps or hashes decoded).
   */
  async *streamType(
    type: string,
    accounts: readonly string[] | undefined,
    batch = 1000,
    where: { account?: string; region?: string } = {},
  ): AsyncGenerator<ResourceRecord[]> {
    let after = '';
    for (;;) {
      let q = this.db
        .selectFrom('resources')
        .select(['id', 'type', 'provider', 'account', 'region', 'name', 'arn', 'tags', 'config'])
        .where('type', '=', type)
        .where('deleted_at', 'is', null)
        .where('id', '>', after);
      if (accounts) q = q.where('account', 'in', nonEmpty(accounts));
      if (where.account !== undefined) q = q.where('account', '=', where.account);
      if (where.region !== undefined) q = q.where('region', '=', where.region);
      const rows = await q.orderBy('id').limit(batch).execute();
      if (rows.length) {
        // Built field by field (no spread of a temporary) and `{}` tags not parsed: this runs per row of
        // every check run, where decoding is a good part of the cost.
        const out: ResourceRecord[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i] as (typeof rows)[number];
          const record: ResourceRecord = {
            id: r.id,
            type: r.type,
            provider: r.provider as ResourceRecord['provider'],
            account: r.account,
            region: r.region,
            name: r.name,
            tags: r.tags === '{}' ? {} : fromJson(r.tags, {}),
            config: fromJson(r.config, {}),
          };
          if (r.arn !== null) record.arn = r.arn;
          out[i] = record;
        }
        yield out;
      }
      if (rows.length < batch) return;
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  /** Moves `last_seen` of live findings: a check that errored this run neither confirms nor clears them. */
  async touchFindings(dedupKeys: readonly string[], at: string): Promise<void> {
    for (let i = 0; i < dedupKeys.length; i += BATCH) {
      await this.db
        .updateTable('findings')
        .set({ last_seen: at })
        .where('dedup_key', 'in', dedupKeys.slice(i, i + BATCH))
        // "Not resolved" rather than `status in ('open', 'suppressed')` (the same set): without table
        // statistics SQLite rates an IN on the status index above 400 look-ups on the unique dedup key
        // and scanned every live finding per statement (20× slower; the steady-state rerun's main cost).
        .where('status', '<>', 'resolved')
        .where('last_seen', '<', at)
        .execute();
    }
  }

  /** Resolves live findings of the evaluated rules that the run did not see again (fixed, or the resource is gone). */
  async resolveStale(
    where: { source: string; ruleIds: readonly string[]; seenBefore: string; accounts?: readonly string[]; resourceIds?: readonly string[] },
    at: string,
  ): Promise<number> {
    const chunks = where.resourceIds ? chunk(where.resourceIds, BATCH) : [undefined];
    let n = 0;
    for (const ids of chunks) {
      let q = this.db
        .updateTable('findings')
        .set({ status: 'resolved', resolved_at: at, suppression_id: null })
        .where('source', '=', where.source)
        .where('status', 'in', ['open', 'suppressed'])
        .where('last_seen', '<', where.seenBefore)
        .where('rule_id', 'in', nonEmpty(where.ruleIds));
      if (where.accounts) q = q.where('account', 'in', nonEmpty(where.accounts));
      if (ids) q = q.where('resource_id', 'in', ids);
      const r = await q.executeTakeFirst();
      n += Number(r.numUpdatedRows ?? 0);
    }
    return n;
  }

  /** Live findings in id order, a page at a time (suppression passes walk them all). */
  async *liveFindings(batch = 1000, statuses: readonly string[] = ['open', 'suppressed']): AsyncGenerator<Database['findings'][]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('findings')
        .selectAll()
        .where('status', 'in', [...statuses])
        .where('id', '>', after)
        .orderBy('id')
        .limit(batch)
        .execute();
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async setStatus(ids: readonly string[], status: 'open' | 'suppressed', suppressionId: string | null): Promise<void> {
    for (const part of chunk(ids, BATCH)) {
      await this.db.updateTable('findings').set({ status, suppression_id: suppressionId }).where('id', 'in', part).execute();
    }
  }

  async findingsByIds(ids: readonly string[]): Promise<Database['findings'][]> {
    const out: Database['findings'][] = [];
    for (const part of chunk(ids, BATCH)) out.push(...(await this.db.selectFrom('findings').selectAll().where('id', 'in', part).execute()));
    return out;
  }

  suppressedCounts(): Promise<Map<string, number>> {
    return suppressedCounts(this.db);
  }

  /** Tags of resources, for suppression rules that match on tags. */
  async tagsOf(ids: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    for (const part of chunk(ids, BATCH)) {
      const rows = await this.db.selectFrom('resources').select(['id', 'tags']).where('id', 'in', part).execute();
      for (const r of rows) out.set(r.id, fromJson(r.tags, {}));
    }
    return out;
  }
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** How many findings each suppression currently holds. */
export async function suppressedCounts(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('findings')
    .select(['suppression_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'suppressed')
    .groupBy('suppression_id')
    .execute();
  return new Map(rows.filter((r) => r.suppression_id).map((r) => [r.suppression_id as string, Number(r.n)]));
}
