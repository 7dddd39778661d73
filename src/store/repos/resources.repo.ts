import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type FieldChange, diffValues, revertChanges } from '../../core/diff.js';
import { newId } from '../../core/ids.js';
import type { EdgeRecord, ResourceRecord } from '../../core/resource.js';
import type { ChangeKind, Provider } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import type { Database, ResourcesTable } from '../schema.js';
import { type Page, type PageRequest, nonEmpty, pageLimit, toPage } from './page.js';

export interface StoredResource extends ResourceRecord {
  firstSeen: string;
  lastSeen: string;
  deletedAt: string | null;
}

export interface ResourceChange {
  id: string;
  resourceId: string;
  resourceType: string;
  account: string;
  kind: ChangeKind;
  at: string;
  /** modify: field changes; create/delete: the record then. */
  diff: FieldChange[] | ResourceRecord;
  actor: string | null;
  eventId: string | null;
}

/** A change the audit trail reports (who did what, when) to a resource the inventory holds. */
export interface AuditChange {
  resourceId: string;
  at: string;
  actor: string;
  eventId: string;
  /** `service:Action`, e.g. `ec2:AuthorizeSecurityGroupIngress`. */
  action: string;
  kind: 'create' | 'modify';
}

export interface UpsertContext {
  at: string;
  scanId?: string;
  /** Who made the change, when an audit-log event told us (event-driven refresh). */
  actor?: string;
  eventId?: string;
}

export interface ResourceFilter {
  type?: string;
  account?: string;
  region?: string;
  provider?: string;
  /** Substring of name or id. */
  search?: string;
  includeDeleted?: boolean;
  /** Only resources in these accounts (user scoping). */
  accounts?: readonly string[];
}

/** Only these parts of a resource make a change; timestamps of observation do not. */
function contentHash(r: ResourceRecord): string {
  return createHash('sha256')
    .update(JSON.stringify([r.name, r.arn ?? null, r.tags, r.config]))
    .digest('base64url')
    .slice(0, 22);
}

const BATCH = 500;
/** Rows per multi-row INSERT: 14 columns × 100 stays far below SQLite's and PostgreSQL's parameter limits. */
const WRITE_CHUNK = 100;

type ChangeRow = Database['resource_changes'];

function changeRow(r: ResourceRecord, kind: ChangeKind, diff: unknown, ctx: UpsertContext): ChangeRow {
  return {
    id: newId('chg'),
    resource_id: r.id,
    resource_type: r.type,
    account: r.account,
    kind,
    at: ctx.at,
    diff: toJson(diff),
    actor: ctx.actor ?? null,
    event_id: ctx.eventId ?? null,
    scan_id: ctx.scanId ?? null,
  };
}

type UpsertStats = { created: number; modified: number; unchanged: number };

/** `records` in store batches, each id once: the same id twice in one call — the last observation wins (one row, one change). */
function* observedBatches(records: readonly ResourceRecord[]): Generator<ResourceRecord[]> {
  for (let i = 0; i < records.length; i += BATCH) yield [...new Map(records.slice(i, i + BATCH).map((r) => [r.id, r])).values()];
}

/** One batch of `upsertMany` (ids unique) inside the caller's transaction; adds to `stats`. */
async function upsertBatch(tx: Kysely<Database>, batch: readonly ResourceRecord[], ctx: UpsertContext, stats: UpsertStats): Promise<void> {
  const existing = await tx
    .selectFrom('resources')
    .selectAll()
    .where(
      'id',
      'in',
      batch.map((r) => r.id),
    )
    .execute();
  const byId = new Map(existing.map((r) => [r.id, r]));
  const unchangedIds: string[] = [];
  const rows: ResourcesTable[] = [];
  const changes: ChangeRow[] = [];
  for (const r of batch) {
    const hash = contentHash(r);
    const old = byId.get(r.id);
    if (old && old.hash === hash && old.deleted_at === null) {
      unchangedIds.push(r.id);
      continue;
    }
    rows.push({ ...toRow(r, hash, ctx), first_seen: ctx.at });
    if (!old || old.deleted_at !== null) {
      changes.push(changeRow(r, 'create', r, ctx));
      stats.created++;
    } else {
      const before = fromRow(old);
      const diff = diffValues({ name: before.name, tags: before.tags, config: before.config }, { name: r.name, tags: r.tags, config: r.config });
      changes.push(changeRow(r, 'modify', diff, ctx));
      stats.modified++;
    }
  }
  // New and changed rows in one statement; first_seen is kept from the existing row on conflict.
  for (let j = 0; j < rows.length; j += WRITE_CHUNK) {
    await tx
      .insertInto('resources')
      .values(rows.slice(j, j + WRITE_CHUNK))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          type: eb.ref('excluded.type'),
          provider: eb.ref('excluded.provider'),
          account: eb.ref('excluded.account'),
          region: eb.ref('excluded.region'),
          name: eb.ref('excluded.name'),
          arn: eb.ref('excluded.arn'),
          tags: eb.ref('excluded.tags'),
          config: eb.ref('excluded.config'),
          hash: eb.ref('excluded.hash'),
          last_seen: eb.ref('excluded.last_seen'),
          deleted_at: eb.ref('excluded.deleted_at'),
          scan_id: eb.ref('excluded.scan_id'),
        })),
      )
      .execute();
  }
  for (let j = 0; j < changes.length; j += WRITE_CHUNK)
    await tx
      .insertInto('resource_changes')
      .values(changes.slice(j, j + WRITE_CHUNK))
      .execute();
  if (unchangedIds.length) {
    await tx
      .updateTable('resources')
      .set({ last_seen: ctx.at, ...(ctx.scanId && { scan_id: ctx.scanId }) })
      .where('id', 'in', unchangedIds)
      .execute();
    stats.unchanged += unchangedIds.length;
  }
}

/** One batch of `replaceFrom` inside the caller's transaction: the edges of `edges` leaving `ids` become theirs. */
async function replaceEdgesBatch(tx: Kysely<Database>, ids: readonly string[], edges: readonly EdgeRecord[], account: string, at: string): Promise<void> {
  const idSet = new Set(ids);
  const mine = edges.filter((e) => idSet.has(e.from));
  const existing = await tx.selectFrom('edges').selectAll().where('from_id', 'in', ids).execute();
  const key = (e: { from_id: string; to_id: string; kind: string }) => `${e.from_id}\u0000${e.to_id}\u0000${e.kind}`;
  const have = new Map(existing.map((e) => [key(e), e]));
  const want = new Set<string>();
  const inserts: Database['edges'][] = [];
  const revived: EdgeRecord[] = [];
  for (const e of mine) {
    const k = key({ from_id: e.from, to_id: e.to, kind: e.kind });
    if (want.has(k)) continue;
    want.add(k);
    const prev = have.get(k);
    if (!prev) inserts.push({ from_id: e.from, to_id: e.to, kind: e.kind, account, first_seen: at, last_seen: at, deleted_at: null });
    else if (prev.deleted_at !== null) revived.push(e);
  }
  // Gone edges first, so the bulk "still there" update below cannot touch them.
  for (const [k, e] of have) {
    if (!want.has(k) && e.deleted_at === null) {
      await tx.updateTable('edges').set({ deleted_at: at }).where('from_id', '=', e.from_id).where('to_id', '=', e.to_id).where('kind', '=', e.kind).execute();
    }
  }
  // A rescan mostly sees the same edges: one statement moves their last_seen, instead of one per edge.
  const stillThere = [...new Set(existing.filter((e) => e.deleted_at === null && want.has(key(e))).map((e) => e.from_id))];
  if (stillThere.length) await tx.updateTable('edges').set({ last_seen: at }).where('from_id', 'in', stillThere).where('deleted_at', 'is', null).execute();
  for (const e of revived)
    await tx
      .updateTable('edges')
      .set({ last_seen: at, deleted_at: null })
      .where('from_id', '=', e.from)
      .where('to_id', '=', e.to)
      .where('kind', '=', e.kind)
      .execute();
  for (let j = 0; j < inserts.length; j += 100)
    await tx
      .insertInto('edges')
      .values(inserts.slice(j, j + 100))
      .execute();
}

/** One caller's writes waiting for a shared transaction (`ResourcesRepo.saveObserved`). */
interface GroupedWrite {
  run: (tx: Kysely<Database>) => Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Most callers' writes in one shared transaction: bounds how long one commit holds the others. */
const GROUP_MAX = 64;

export class ResourcesRepo {
  private readonly queue: GroupedWrite[] = [];
  private draining = false;

  /**
   * `groupCommit` (SQLite): concurrent `saveObserved` calls share one transaction. SQLite runs one
   * writer at a time anyway, and a commit costs more than a small item's rows (a first scan's items
   * hold ~16 resources each), so callers that queued up during one commit go in the next together.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly groupCommit = false,
  ) {}

  /**
   * A discovery flush: `upsertMany` and the resources' outgoing edges (`EdgesRepo.replaceFrom`),
   * committed before this resolves, so a checkpoint that follows never names unsaved work.
   */
  async saveObserved(records: readonly ResourceRecord[], edges: readonly EdgeRecord[], ctx: UpsertContext, account: string): Promise<UpsertStats> {
    let stats: UpsertStats = { created: 0, modified: 0, unchanged: 0 };
    const run = async (tx: Kysely<Database>) => {
      // Fresh counts per attempt: a group that failed is retried one caller at a time.
      stats = { created: 0, modified: 0, unchanged: 0 };
      for (const batch of observedBatches(records)) {
        await upsertBatch(tx, batch, ctx, stats);
        await replaceEdgesBatch(
          tx,
          batch.map((r) => r.id),
          edges,
          account,
          ctx.at,
        );
      }
    };
    if (!this.groupCommit) await this.db.transaction().execute(run);
    else await new Promise<void>((resolve, reject) => this.enqueue({ run, resolve, reject }));
    return stats;
  }

  private enqueue(w: GroupedWrite): void {
    this.queue.push(w);
    if (this.draining) return;
    this.draining = true;
    // better-sqlite3 is synchronous: a transaction runs within one turn of the event loop, so nothing
    // could queue while it runs. Waiting one turn lets the flushes of items resumed by the same I/O
    // events join this group.
    setImmediate(() => void this.drain());
  }

  /** Runs queued writes, a group per transaction; each caller resolves only after its group committed. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, GROUP_MAX);
        try {
          await this.db.transaction().execute(async (tx) => {
            for (const w of group) await w.run(tx);
          });
          for (const w of group) w.resolve();
        } catch {
          // One caller's failure must not fail the others: alone, each commits or fails on its own.
          for (const w of group) {
            try {
              await this.db.transaction().execute(w.run);
              w.resolve();
            } catch (err) {
              w.reject(err);
            }
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Upserts observed resources. New ones get a `create` change, changed ones a `modify` with the
   * field-level diff, unchanged ones only move `last_seen` — the common case stays one UPDATE.
   */
  async upsertMany(records: readonly ResourceRecord[], ctx: UpsertContext): Promise<UpsertStats> {
    const stats: UpsertStats = { created: 0, modified: 0, unchanged: 0 };
    for (const batch of observedBatches(records)) await this.db.transaction().execute((tx) => upsertBatch(tx, batch, ctx, stats));
    return stats;
  }

  private async recordChange(tx: Kysely<Database>, r: ResourceRecord, kind: ChangeKind, diff: unknown, ctx: UpsertContext): Promise<void> {
    await tx
      .insertInto('resource_changes')
      .values(changeRow(r, kind, diff, ctx))
      .execute();
  }

  /**
   * Records audit-trail changes for resources in the inventory (others are ignored: the trail names
   * many things never collected). Idempotent by event id, so a resumed ingest adds nothing twice.
   * The diff is `{ auditEvent }`: what was done, as opposed to a scan's field-level diff.
   */
  async recordAuditChanges(changes: readonly AuditChange[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < changes.length; i += BATCH) {
      const batch = changes.slice(i, i + BATCH);
      const known = await this.db
        .selectFrom('resources')
        .select(['id', 'type', 'account'])
        .where(
          'id',
          'in',
          batch.map((c) => c.resourceId),
        )
        .execute();
      const byId = new Map(known.map((r) => [r.id, r]));
      const seen = await this.db
        .selectFrom('resource_changes')
        .select(['resource_id', 'event_id'])
        .where(
          'event_id',
          'in',
          batch.map((c) => c.eventId),
        )
        .execute();
      const dup = new Set(seen.map((r) => `${r.resource_id}\u0000${r.event_id}`));
      const rows: ChangeRow[] = [];
      for (const c of batch) {
        const r = byId.get(c.resourceId);
        if (!r || dup.has(`${c.resourceId}\u0000${c.eventId}`)) continue;
        rows.push({
          id: newId('chg'),
          resource_id: r.id,
          resource_type: r.type,
          account: r.account,
          kind: c.kind,
          at: c.at,
          diff: toJson({ auditEvent: c.action }),
          actor: c.actor,
          event_id: c.eventId,
          scan_id: null,
        });
      }
      for (let j = 0; j < rows.length; j += WRITE_CHUNK)
        await this.db
          .insertInto('resource_changes')
          .values(rows.slice(j, j + WRITE_CHUNK))
          .execute();
      n += rows.length;
    }
    return n;
  }

  /** Marks resources deleted (an event said so, or a full scan no longer sees them). */
  async markDeleted(ids: readonly string[], ctx: UpsertContext): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('resources')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + BATCH))
        .where('deleted_at', 'is', null)
        .execute();
      for (const row of rows) {
        await this.db.transaction().execute(async (tx) => {
          await tx.updateTable('resources').set({ deleted_at: ctx.at }).where('id', '=', row.id).execute();
          await tx.updateTable('edges').set({ deleted_at: ctx.at }).where('from_id', '=', row.id).where('deleted_at', 'is', null).execute();
          await this.recordChange(tx, fromRow(row), 'delete', fromRow(row), ctx);
        });
        n++;
      }
    }
    return n;
  }

  /**
   * After a complete collection of (account, region, types), what was not seen since `seenSince`
   * is gone. Only call it for work that finished without a coverage gap, or a hole looks like deletions.
   */
  async sweep(where: { account: string; region: string; types: readonly string[]; seenSince: string }, ctx: UpsertContext): Promise<number> {
    if (where.types.length === 0) return 0;
    const gone = await this.db
      .selectFrom('resources')
      .select('id')
      .where('account', '=', where.account)
      .where('region', '=', where.region)
      .where('type', 'in', where.types)
      .where('deleted_at', 'is', null)
      .where('last_seen', '<', where.seenSince)
      .execute();
    return this.markDeleted(
      gone.map((g) => g.id),
      ctx,
    );
  }

  async get(id: string): Promise<StoredResource | undefined> {
    const r = await this.db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  async getMany(ids: readonly string[]): Promise<StoredResource[]> {
    const out: StoredResource[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('resources')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  async list(filter: ResourceFilter = {}, page?: PageRequest): Promise<Page<StoredResource>> {
    const limit = pageLimit(page);
    let q = this.db.selectFrom('resources').selectAll();
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.account) q = q.where('account', '=', filter.account);
    if (filter.region) q = q.where('region', '=', filter.region);
    if (filter.provider) q = q.where('provider', '=', filter.provider);
    if (filter.accounts) q = q.where('account', 'in', nonEmpty(filter.accounts));
    if (!filter.includeDeleted) q = q.where('deleted_at', 'is', null);
    if (filter.search) {
      const s = `%${filter.search.replace(/[%_]/g, '')}%`;
      q = q.where((eb) => eb.or([eb('name', 'like', s), eb('id', 'like', s)]));
    }
    if (page?.after) q = q.where('id', '>', page.after);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(fromRow), limit);
  }

  /** Streams every live resource in id order, `batch` at a time: memory stays bounded by the batch. */
  async *stream(filter: ResourceFilter = {}, batch = 1000): AsyncGenerator<StoredResource[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.list(filter, { ...(after !== undefined && { after }), limit: batch });
      if (page.items.length) yield page.items;
      if (!page.next) return;
      after = page.next;
    }
  }

  async count(filter: Pick<ResourceFilter, 'type' | 'account'> = {}): Promise<number> {
    let q = this.db
      .selectFrom('resources')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted_at', 'is', null);
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.account) q = q.where('account', '=', filter.account);
    const r = await q.executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Counts per type, account and region: the facets of the inventory explorer. */
  async facets(): Promise<{ type: string; account: string; region: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('resources')
      .select(['type', 'account', 'region', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deleted_at', 'is', null)
      .groupBy(['type', 'account', 'region'])
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  async changes(filter: { resourceId?: string; since?: string; account?: string; limit?: number } = {}): Promise<ResourceChange[]> {
    let q = this.db.selectFrom('resource_changes').selectAll();
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.since) q = q.where('at', '>=', filter.since);
    if (filter.account) q = q.where('account', '=', filter.account);
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 1000)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      resourceId: r.resource_id,
      resourceType: r.resource_type,
      account: r.account,
      kind: r.kind as ChangeKind,
      at: r.at,
      diff: fromJson(r.diff, []),
      actor: r.actor,
      eventId: r.event_id,
    }));
  }

  /** The resource as it was at `at`: the current state with every later change undone. */
  async asOf(id: string, at: string): Promise<ResourceRecord | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    if (current.firstSeen > at) return undefined;
    if (current.deletedAt !== null && current.deletedAt <= at) return undefined;
    const later = (await this.changes({ resourceId: id, since: at })).filter((c) => c.at > at);
    let view: { name: string; tags: Record<string, string>; config: Record<string, unknown> } = {
      name: current.name,
      tags: current.tags,
      config: current.config,
    };
    for (const c of later) {
      if (c.kind === 'modify') view = revertChanges(view, c.diff as FieldChange[]);
    }
    const { firstSeen: _a, lastSeen: _b, deletedAt: _c, ...base } = current;
    return { ...base, ...view };
  }
}

function toRow(r: ResourceRecord, hash: string, ctx: UpsertContext): Omit<ResourcesTable, 'first_seen'> {
  return {
    id: r.id,
    type: r.type,
    provider: r.provider,
    account: r.account,
    region: r.region,
    name: r.name,
    arn: r.arn ?? null,
    tags: toJson(r.tags),
    config: toJson(r.config),
    hash,
    last_seen: ctx.at,
    deleted_at: null,
    scan_id: ctx.scanId ?? null,
  };
}

function fromRow(r: ResourcesTable): StoredResource {
  return {
    id: r.id,
    type: r.type,
    provider: r.provider as Provider,
    account: r.account,
    region: r.region,
    name: r.name,
    ...(r.arn !== null && { arn: r.arn }),
    tags: fromJson(r.tags, {}),
    config: fromJson(r.config, {}),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    deletedAt: r.deleted_at,
  };
}

export class EdgesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Sets the outgoing edges of the given resources to exactly `edges`: new ones inserted, seen ones
   * touched, vanished ones marked deleted (history keeps them).
   */
  async replaceFrom(fromIds: readonly string[], edges: readonly EdgeRecord[], account: string, at: string): Promise<void> {
    for (let i = 0; i < fromIds.length; i += BATCH) {
      const ids = fromIds.slice(i, i + BATCH);
      await this.db.transaction().execute((tx) => replaceEdgesBatch(tx, ids, edges, account, at));
    }
  }

  async of(id: string): Promise<(EdgeRecord & { direction: 'out' | 'in' })[]> {
    const rows = await this.db
      .selectFrom('edges')
      .select(['from_id', 'to_id', 'kind'])
      .where((eb) => eb.or([eb('from_id', '=', id), eb('to_id', '=', id)]))
      .where('deleted_at', 'is', null)
      .execute();
    return rows.map((r) => ({ from: r.from_id, to: r.to_id, kind: r.kind, direction: r.from_id === id ? 'out' : 'in' }));
  }

  async *stream(batch = 5000): AsyncGenerator<EdgeRecord[]> {
    let offset = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('edges')
        .select(['from_id', 'to_id', 'kind'])
        .where('deleted_at', 'is', null)
        .orderBy('from_id')
        .orderBy('to_id')
        .orderBy('kind')
        .limit(batch)
        .offset(offset)
        .execute();
      if (rows.length) yield rows.map((r) => ({ from: r.from_id, to: r.to_id, kind: r.kind }));
      if (rows.length < batch) return;
      offset += batch;
    }
  }
}
