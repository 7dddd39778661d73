import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import { fromJson, toJson } from '../json.js';
import type { Database, IntelFeedsTable } from '../schema.js';

export interface IntelFeedOptions {
  column?: string;
  minLevel?: number;
  category?: 'malicious' | 'tor' | 'mining' | 'scanner' | 'c2' | 'other';
  confidence?: number;
  allowPrivate?: boolean;
}

export interface IntelFeedRecord {
  id: string;
  name: string;
  format: string;
  location: string;
  options: IntelFeedOptions;
  refresh: string | null;
  origin: 'config' | 'cli';
  enabled: boolean;
  status: 'new' | 'ok' | 'error';
  lastError: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  version: number;
  indicatorCount: number;
}

export interface IntelFeedVersion {
  feedId: string;
  version: number;
  fetchedAt: string;
  indicatorCount: number;
  problems: number;
  /** gzip+base64 JSON; `engine/intel/store.ts` encodes and decodes it. */
  data: string;
}

const toFeed = (r: IntelFeedsTable): IntelFeedRecord => ({
  id: r.id,
  name: r.name,
  format: r.format,
  location: r.location,
  options: fromJson(r.options, {}),
  refresh: r.refresh,
  origin: r.origin as IntelFeedRecord['origin'],
  enabled: Number(r.enabled) === 1,
  status: r.status as IntelFeedRecord['status'],
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at,
  lastSuccessAt: r.last_success_at,
  version: Number(r.version),
  indicatorCount: Number(r.indicator_count),
});

/** Threat-intelligence feeds and their stored versions (current and the one before). */
export class IntelRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<IntelFeedRecord[]> {
    return (await this.db.selectFrom('intel_feeds').selectAll().orderBy('name').execute()).map(toFeed);
  }

  async byName(name: string): Promise<IntelFeedRecord | undefined> {
    const r = await this.db.selectFrom('intel_feeds').selectAll().where('name', '=', name).executeTakeFirst();
    return r && toFeed(r);
  }

  /** Creates the feed, or updates its definition (format, location, options, refresh) keeping its data. */
  async define(
    f: Pick<IntelFeedRecord, 'name' | 'format' | 'location' | 'options' | 'refresh' | 'origin'>,
    at = new Date().toISOString(),
  ): Promise<IntelFeedRecord> {
    const old = await this.byName(f.name);
    if (old) {
      const changed =
        old.format !== f.format || old.location !== f.location || JSON.stringify(old.options) !== JSON.stringify(f.options) || old.refresh !== f.refresh;
      if (changed)
        await this.db
          .updateTable('intel_feeds')
          .set({
            format: f.format,
            location: f.location,
            options: toJson(f.options),
            refresh: f.refresh,
            origin: f.origin,
            updated_at: at,
            ...(old.format !== f.format || old.location !== f.location ? { status: 'new' } : {}),
          })
          .where('id', '=', old.id)
          .execute();
      return (await this.byName(f.name)) as IntelFeedRecord;
    }
    const row: IntelFeedsTable = {
      id: newId('feed'),
      name: f.name,
      format: f.format,
      location: f.location,
      options: toJson(f.options),
      refresh: f.refresh,
      origin: f.origin,
      enabled: 1,
      status: 'new',
      last_error: null,
      last_attempt_at: null,
      last_success_at: null,
      version: 0,
      indicator_count: 0,
      created_at: at,
      updated_at: at,
    };
    await this.db.insertInto('intel_feeds').values(row).execute();
    return toFeed(row);
  }

  async remove(name: string): Promise<boolean> {
    const f = await this.byName(name);
    if (!f) return false;
    await this.db.deleteFrom('intel_feed_versions').where('feed_id', '=', f.id).execute();
    await this.db.deleteFrom('intel_feeds').where('id', '=', f.id).execute();
    return true;
  }

  /** Stores a new version and makes it current; older versions than the previous one are dropped. */
  async addVersion(feedId: string, v: Omit<IntelFeedVersion, 'feedId' | 'version'>): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const cur = await tx.selectFrom('intel_feeds').select('version').where('id', '=', feedId).executeTakeFirstOrThrow();
      const version = Number(cur.version) + 1;
      await tx
        .insertInto('intel_feed_versions')
        .values({ feed_id: feedId, version, fetched_at: v.fetchedAt, indicator_count: v.indicatorCount, problems: v.problems, data: v.data })
        .execute();
      await tx
        .deleteFrom('intel_feed_versions')
        .where('feed_id', '=', feedId)
        .where('version', '<', version - 1)
        .execute();
      await tx
        .updateTable('intel_feeds')
        .set({
          version,
          indicator_count: v.indicatorCount,
          status: 'ok',
          last_error: null,
          last_attempt_at: v.fetchedAt,
          last_success_at: v.fetchedAt,
          updated_at: v.fetchedAt,
        })
        .where('id', '=', feedId)
        .execute();
      return version;
    });
  }

  /** A failed refresh: the feed keeps serving its current version. */
  async recordFailure(feedId: string, message: string, at = new Date().toISOString()): Promise<void> {
    await this.db
      .updateTable('intel_feeds')
      .set({ status: 'error', last_error: message, last_attempt_at: at, updated_at: at })
      .where('id', '=', feedId)
      .execute();
  }

  async currentVersion(feedId: string): Promise<IntelFeedVersion | undefined> {
    const r = await this.db.selectFrom('intel_feed_versions').selectAll().where('feed_id', '=', feedId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return (
      r && {
        feedId: r.feed_id,
        version: Number(r.version),
        fetchedAt: r.fetched_at,
        indicatorCount: Number(r.indicator_count),
        problems: Number(r.problems),
        data: r.data,
      }
    );
  }
}
