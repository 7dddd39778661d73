import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { GapKind, ScanStatus } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';

export interface ScanRun {
  id: string;
  provider: string;
  status: ScanStatus;
  startedAt: string;
  finishedAt: string | null;
  options: Record<string, unknown>;
  stats: Record<string, unknown>;
  checkpoint: { done: string[] } & Record<string, unknown>;
}

export interface CoverageGap {
  scanId: string;
  account: string;
  region: string;
  service: string;
  operation: string;
  kind: GapKind;
  message: string;
  at?: string;
}

/** A finished work item of a scan run on the worker fleet. */
export interface ScanItem {
  key: string;
  worker: string;
  result: Record<string, unknown>;
  at: string;
}

export class ScansRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async start(provider: string, options: Record<string, unknown>, at = new Date().toISOString()): Promise<string> {
    const id = newId('scan');
    await this.db
      .insertInto('scan_runs')
      .values({
        id,
        provider,
        status: 'running',
        started_at: at,
        finished_at: null,
        options: toJson(options),
        stats: toJson({}),
        checkpoint: toJson({ done: [] }),
      })
      .execute();
    return id;
  }

  async finish(id: string, status: ScanStatus, stats: Record<string, unknown>, at = new Date().toISOString()): Promise<void> {
    await this.db
      .updateTable('scan_runs')
      .set({ status, stats: toJson(stats), finished_at: at })
      .where('id', '=', id)
      .execute();
  }

  async saveCheckpoint(id: string, checkpoint: ScanRun['checkpoint']): Promise<void> {
    await this.db
      .updateTable('scan_runs')
      .set({ checkpoint: toJson(checkpoint) })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<ScanRun | undefined> {
    const r = await this.db.selectFrom('scan_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toScan(r);
  }

  /** The most recent scan of a provider, optionally only an unfinished one (for `--resume`). */
  async latest(provider: string, opts: { unfinished?: boolean } = {}): Promise<ScanRun | undefined> {
    let q = this.db.selectFrom('scan_runs').selectAll().where('provider', '=', provider);
    if (opts.unfinished) q = q.where('status', 'in', ['running', 'failed']);
    const r = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r && toScan(r);
  }

  async list(limit = 50): Promise<ScanRun[]> {
    const rows = await this.db.selectFrom('scan_runs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map(toScan);
  }

  async addGaps(gaps: readonly CoverageGap[]): Promise<void> {
    if (gaps.length === 0) return;
    const at = new Date().toISOString();
    await this.db
      .insertInto('coverage_gaps')
      .values(
        gaps.map((g) => ({
          id: newId('gap'),
          scan_id: g.scanId,
          account: g.account,
          region: g.region,
          service: g.service,
          operation: g.operation,
          kind: g.kind,
          message: g.message,
          at: g.at ?? at,
        })),
      )
      .execute();
  }

  /**
   * Records a finished work item and its gaps at once, exactly once: a second completion of the same
   * (scan, key) — a redelivered job — records nothing and returns false.
   */
  async completeItem(
    scanId: string,
    key: string,
    worker: string,
    result: Record<string, unknown>,
    gaps: readonly Omit<CoverageGap, 'scanId'>[],
    at = new Date().toISOString(),
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('scan_items')
        .values({ scan_id: scanId, key, worker, result: toJson(result), at })
        .onConflict((oc) => oc.columns(['scan_id', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      if (gaps.length) await new ScansRepo(trx).addGaps(gaps.map((g) => ({ ...g, scanId, at: g.at ?? at })));
      return true;
    });
  }

  /** Forgets finished items (a resumed scan re-runs the ones that failed). */
  async forgetItems(scanId: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 500)
      await this.db
        .deleteFrom('scan_items')
        .where('scan_id', '=', scanId)
        .where('key', 'in', keys.slice(i, i + 500))
        .execute();
  }

  async itemDone(scanId: string, key: string): Promise<boolean> {
    const r = await this.db.selectFrom('scan_items').select('key').where('scan_id', '=', scanId).where('key', '=', key).executeTakeFirst();
    return r !== undefined;
  }

  async itemCount(scanId: string): Promise<number> {
    const r = await this.db
      .selectFrom('scan_items')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('scan_id', '=', scanId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async items(scanId: string): Promise<ScanItem[]> {
    const rows = await this.db.selectFrom('scan_items').selectAll().where('scan_id', '=', scanId).orderBy('key').execute();
    return rows.map((r) => ({ key: r.key, worker: r.worker, result: fromJson(r.result, {}), at: r.at }));
  }

  async gaps(scanId: string): Promise<CoverageGap[]> {
    const rows = await this.db
      .selectFrom('coverage_gaps')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('account')
      .orderBy('region')
      .orderBy('service')
      .execute();
    return rows.map((r) => ({
      scanId: r.scan_id,
      account: r.account,
      region: r.region,
      service: r.service,
      operation: r.operation,
      kind: r.kind as GapKind,
      message: r.message,
      at: r.at,
    }));
  }
}

function toScan(r: Database['scan_runs']): ScanRun {
  return {
    id: r.id,
    provider: r.provider,
    status: r.status as ScanStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    options: fromJson(r.options, {}),
    stats: fromJson(r.stats, {}),
    checkpoint: fromJson(r.checkpoint, { done: [] }),
  };
}
