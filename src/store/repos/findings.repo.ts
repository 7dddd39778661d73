import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type Finding, type NewFinding, findingKey } from '../../core/finding.js';
import { newId } from '../../core/ids.js';
import type { Severity } from '../../core/severity.js';
import type { FindingSource, FindingStatus } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import { inSqliteTransaction, preparedPerHandle } from '../db.js';
import type { Database, FindingsTable } from '../schema.js';
import { type Page, type PageRequest, nonEmpty, pageLimit, toPage } from './page.js';

export interface FindingFilter {
  source?: FindingSource;
  severity?: Severity;
  status?: FindingStatus;
  ruleId?: string;
  resourceId?: string;
  account?: string;
  accounts?: readonly string[];
}

export interface UpsertResult {
  created: Finding[];
  reopened: Finding[];
  updated: number;
}

/** `UpsertResult` as counts: what a bulk writer that only reports numbers needs. */
export interface UpsertCounts {
  created: number;
  reopened: number;
  updated: number;
}

export class FindingsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** SQLite's own handle, when on SQLite: `upsert` then runs as prepared statements (see there). */
    private readonly sqlite?: SQLite.Database,
  ) {}

  /**
   * Records findings by dedup key: a new key opens a finding, a known one moves `last_seen` and its
   * evidence, a resolved one reopens (a regression). Suppressed findings stay suppressed.
   */
  async upsert(items: readonly NewFinding[]): Promise<UpsertResult> {
    const out: UpsertResult = { created: [], reopened: [], updated: 0 };
    await this.write(items, out, (kind, row) => out[kind].push(fromRow(row)));
    return out;
  }

  /**
   * `upsert` that reports how many findings were created, reopened and updated, not the findings:
   * a flow ingest writes thousands per save and wants the numbers only, and each reported finding
   * is read back from its row (its evidence JSON parsed again).
   */
  async upsertCounts(items: readonly NewFinding[]): Promise<UpsertCounts> {
    const out: UpsertResult = { created: [], reopened: [], updated: 0 };
    const counts: UpsertCounts = { created: 0, reopened: 0, updated: 0 };
    await this.write(items, out, (kind) => {
      counts[kind]++;
    });
    counts.updated = out.updated;
    return counts;
  }

  /** The upsert itself: `report` is called for each created or reopened row, `out.updated` counts the rest. */
  private async write(items: readonly NewFinding[], out: UpsertResult, report: Report): Promise<void> {
    const BATCH = 500;
    if (this.sqlite) {
      const raw = sqliteStatements(this.sqlite);
      // SQLite: the same batches, all in one transaction of cached prepared statements (a flow ingest
      // saves thousands of findings at a time; compiling and preparing a statement per 50 rows cost
      // more than writing them). Held under Kysely's connection lock, so no Kysely transaction interleaves.
      await inSqliteTransaction(this.db, this.sqlite, () => {
        for (let i = 0; i < items.length; i += BATCH) {
          const batch = keyed(items.slice(i, i + BATCH));
          const byKey = existingByKey(raw.existingIn, batch);
          const all = mergeRows(batch, byKey, out);
          // Bound by position: named parameters cost the driver two property lookups through the
          // engine's API per column, 36 per row. better-sqlite3 binds no undefined: an absent
          // resource or account is NULL, as Kysely writes it.
          for (const row of all)
            raw.upsert.run(
              row.id,
              row.dedup_key,
              row.source,
              row.rule_id,
              row.title,
              row.severity,
              row.status,
              row.resource_id ?? null,
              row.resource_type ?? null,
              row.account ?? null,
              row.region ?? null,
              row.first_seen,
              row.last_seen,
              row.resolved_at,
              row.evidence,
              row.attack,
              row.compliance,
              row.suppression_id,
            );
          tally(all, byKey, out, report);
        }
      });
      return;
    }
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = keyed(items.slice(i, i + BATCH));
      await this.db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('findings')
          .select(['id', 'dedup_key', 'status', 'first_seen', 'last_seen', 'resolved_at', 'suppression_id'])
          .where(
            'dedup_key',
            'in',
            batch.map((f) => f.dedupKey),
          )
          .execute();
        const byKey = new Map(existing.map((r) => [r.dedup_key, r]));
        const all = mergeRows(batch, byKey, out);
        // Many rows per statement: one insert-or-update each, instead of a statement per finding.
        // A known key keeps its id, status (unless resolved: it reopens), resource and suppression.
        for (let k = 0; k < all.length; k += 50) {
          await tx
            .insertInto('findings')
            .values(all.slice(k, k + 50))
            .onConflict((oc) =>
              oc.column('dedup_key').doUpdateSet({
                title: sql`excluded.title`,
                severity: sql`excluded.severity`,
                evidence: sql`excluded.evidence`,
                first_seen: sql`excluded.first_seen`,
                last_seen: sql`excluded.last_seen`,
                status: sql`excluded.status`,
                resolved_at: sql`excluded.resolved_at`,
              }),
            )
            .execute();
        }
        tally(all, byKey, out, report);
      });
    }
  }

  /** Open findings of a rule set no longer observed since `seenBefore` are resolved (fixed). */
  async resolveMissing(
    where: { source: FindingSource; ruleIds?: readonly string[]; account?: string; resourceIds?: readonly string[]; seenBefore: string },
    at: string,
  ): Promise<number> {
    let q = this.db
      .updateTable('findings')
      .set({ status: 'resolved', resolved_at: at })
      .where('source', '=', where.source)
      .where('status', '=', 'open')
      .where('last_seen', '<', where.seenBefore);
    if (where.ruleIds) q = q.where('rule_id', 'in', nonEmpty(where.ruleIds));
    if (where.account) q = q.where('account', '=', where.account);
    if (where.resourceIds) q = q.where('resource_id', 'in', nonEmpty(where.resourceIds));
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  }

  async setSuppression(ids: readonly string[], suppressionId: string | null): Promise<void> {
    if (!ids.length) return;
    await this.db
      .updateTable('findings')
      .set(suppressionId ? { status: 'suppressed', suppression_id: suppressionId } : { status: 'open', suppression_id: null })
      .where('id', 'in', [...ids])
      .execute();
  }

  async get(id: string): Promise<Finding | undefined> {
    const r = await this.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  async list(filter: FindingFilter = {}, page?: PageRequest): Promise<Page<Finding>> {
    const limit = pageLimit(page);
    let q = this.db.selectFrom('findings').selectAll();
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.severity) q = q.where('severity', '=', filter.severity);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.ruleId) q = q.where('rule_id', '=', filter.ruleId);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.account) q = q.where('account', '=', filter.account);
    if (filter.accounts) q = q.where('account', 'in', nonEmpty(filter.accounts));
    if (page?.after) q = q.where('id', '>', page.after);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(fromRow), limit);
  }

  async counts(): Promise<{ source: string; severity: string; status: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('findings')
      .select(['source', 'severity', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['source', 'severity', 'status'])
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
}

/** What an upsert needs of a stored finding. */
type Existing = Pick<FindingsTable, 'id' | 'dedup_key' | 'status' | 'first_seen' | 'last_seen' | 'resolved_at' | 'suppression_id'>;

type Keyed = NewFinding & { dedupKey: string };
// A finding that has its key is used as it is (a copy per finding was most of a flow save's garbage).
const keyed = (batch: readonly NewFinding[]): Keyed[] =>
  batch.map((f) => (f.dedupKey !== undefined && f.dedupKey !== null ? (f as Keyed) : { ...f, dedupKey: findingKey(f) }));

/** The rows to write for a batch: one per key, in first-seen order (a key repeated in the batch updates its own row). */
function mergeRows(batch: readonly Keyed[], byKey: ReadonlyMap<string, Existing>, out: UpsertResult): FindingsTable[] {
  const rows = new Map<string, FindingsTable>();
  for (const f of batch) {
    const row = rows.get(f.dedupKey);
    if (row) {
      row.title = f.title;
      row.severity = f.severity;
      row.evidence = toJson(f.evidence);
      if (f.seenAt > row.last_seen) row.last_seen = f.seenAt;
      if (f.seenAt < row.first_seen) row.first_seen = f.seenAt;
      out.updated++;
      continue;
    }
    const old = byKey.get(f.dedupKey);
    const reopen = old?.status === 'resolved';
    rows.set(f.dedupKey, {
      id: old?.id ?? newId('fnd'),
      dedup_key: f.dedupKey,
      source: f.source,
      rule_id: f.ruleId,
      title: f.title,
      severity: f.severity,
      status: old && !reopen ? old.status : 'open',
      resource_id: f.resourceId,
      resource_type: f.resourceType,
      account: f.account,
      region: f.region,
      first_seen: old && old.first_seen < f.seenAt ? old.first_seen : f.seenAt,
      last_seen: old && old.last_seen > f.seenAt ? old.last_seen : f.seenAt,
      resolved_at: old && !reopen ? old.resolved_at : null,
      evidence: toJson(f.evidence),
      attack: toJson(f.attack),
      compliance: toJson(f.compliance),
      suppression_id: old?.suppression_id ?? null,
    });
  }
  return [...rows.values()];
}

type Report = (kind: 'created' | 'reopened', row: FindingsTable) => void;

/** Counts the written rows as created, reopened or updated (`report` is given the first two). */
function tally(all: readonly FindingsTable[], byKey: ReadonlyMap<string, Existing>, out: UpsertResult, report: Report): void {
  for (const row of all) {
    const old = byKey.get(row.dedup_key);
    if (!old) report('created', row);
    else if (old.status === 'resolved') report('reopened', row);
    else out.updated++;
  }
}

/** Keys per lookup statement (`existingByKey`): SQLite allows far more parameters; a save's batch is 500. */
const LOOKUP_KEYS = 100;

/**
 * The stored rows of a batch's keys, `LOOKUP_KEYS` keys a statement: a flow save looks up thousands
 * of findings, and a statement per key cost more in its call than in SQLite. The last statement of a
 * batch repeats its last key to fill its places (a key listed twice still names one row).
 */
function existingByKey(stmt: SQLite.Statement, batch: readonly Keyed[]): Map<string, Existing> {
  const byKey = new Map<string, Existing>();
  const keys = new Array<string>(LOOKUP_KEYS);
  for (let i = 0; i < batch.length; i += LOOKUP_KEYS) {
    for (let k = 0; k < LOOKUP_KEYS; k++) keys[k] = (batch[Math.min(i + k, batch.length - 1)] as Keyed).dedupKey;
    for (const row of stmt.all(keys) as Existing[]) byKey.set(row.dedup_key, row);
  }
  return byKey;
}

/** The upsert's statements, prepared once per SQLite handle. */
const sqliteStatements = preparedPerHandle((db) => ({
  existingIn: db.prepare(
    `SELECT id, dedup_key, status, first_seen, last_seen, resolved_at, suppression_id FROM findings WHERE dedup_key IN (${new Array(LOOKUP_KEYS).fill('?').join(', ')})`,
  ),
  // The same conflict rule as the Kysely statement below.
  upsert: db.prepare(
    `INSERT INTO findings (id, dedup_key, source, rule_id, title, severity, status, resource_id, resource_type, account, region,
       first_seen, last_seen, resolved_at, evidence, attack, compliance, suppression_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedup_key) DO UPDATE SET title = excluded.title, severity = excluded.severity, evidence = excluded.evidence,
       first_seen = excluded.first_seen, last_seen = excluded.last_seen, status = excluded.status, resolved_at = excluded.resolved_at`,
  ),
}));

export function fromRow(r: FindingsTable): Finding {
  return {
    id: r.id,
    dedupKey: r.dedup_key,
    source: r.source as FindingSource,
    ruleId: r.rule_id,
    title: r.title,
    severity: r.severity as Severity,
    status: r.status as FindingStatus,
    resourceId: r.resource_id,
    resourceType: r.resource_type,
    account: r.account,
    region: r.region,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    evidence: fromJson(r.evidence, {}),
    attack: fromJson(r.attack, []),
    compliance: fromJson(r.compliance, []),
  };
}
