import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../core/errors.js';
import type { Dialect } from './json.js';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

export interface StoreOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `home`. */
  databaseUrl?: string;
  home?: string;
  /** PostgreSQL schema to work in (tests use one per suite). Created when missing. */
  schema?: string;
  /** SQLite file; defaults to `<home>/skywatch.db`. `:memory:` works for throwaway stores. */
  sqliteFile?: string;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for `doctor` (password removed). */
  location: string;
  /** PostgreSQL schema holding the tables (and the migration table: Kysely looks across all schemas otherwise). */
  schema?: string;
  /**
   * SQLite only: the better-sqlite3 handle under Kysely, for the few bulk writes that run as cached
   * prepared statements (Kysely compiles and prepares every statement anew). Use it only inside
   * `kysely.connection().execute(…)`, so it never interleaves with a Kysely transaction.
   */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDb(opts: StoreOptions): Promise<Db> {
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl))
      throw new ConfigError(`SKYWATCH_DATABASE_URL must start with postgres:// (got "${opts.databaseUrl.split(':')[0]}:")`, {
        field: 'SKYWATCH_DATABASE_URL',
      });
    if (opts.schema && !SCHEMA_NAME.test(opts.schema)) throw new ConfigError(`bad schema name "${opts.schema}"`, { field: 'schema' });
    if (opts.schema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      ...(opts.schema && { options: `-c search_path=${opts.schema}` }),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      dialect: 'postgres',
      schema: opts.schema ?? 'public',
      location: opts.databaseUrl.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@') + (opts.schema ? ` (schema ${opts.schema})` : ''),
      close: () => kysely.destroy(),
    };
  }
  let file = opts.sqliteFile;
  if (!file) {
    if (!opts.home) throw new ConfigError('no SKYWATCH_HOME and no database URL: nowhere to keep data', { field: 'home' });
    mkdirSync(opts.home, { recursive: true });
    file = join(opts.home, 'skywatch.db');
  }
  const sqlite = new SQLite(file);
  // WAL lets a CLI command and a running server share the file; the busy timeout rides out short locks.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Checkpoint every ~40 MB of WAL instead of 4 MB: a discovery scan rewrites the same index pages
  // in many small commits, and a rarer checkpoint copies each page once for many of them. Together
  // with grouped discovery writes, ~11% less CPU for a first scan (docs/status.md, issue 3).
  sqlite.pragma('wal_autocheckpoint = 10000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: keptStatements(sqlite) }) });
  return { kysely, dialect: 'sqlite', location: file, sqlite, close: () => kysely.destroy() };
}

/**
 * The SQLite handle as Kysely sees it, with each statement kept by its text (the `max` most recently
 * used): Kysely prepares every query anew, and in a discovery scan, whose writes repeat a few texts
 * thousands of times, preparing took about as long as running them. A kept statement that is still
 * busy — an open iterator of a streamed select — is not handed out again; that caller gets a fresh one.
 */
export function keptStatements(db: SQLite.Database, max = 256): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const hit = kept.get(sql);
      if (hit) {
        if (hit.busy) return db.prepare(sql);
        // Map order is the recency order: the oldest key is evicted first.
        kept.delete(sql);
        kept.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      kept.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * SQLite statements prepared once per handle (Kysely compiles and prepares every statement anew, which
 * costs more than the row it writes in bulk saves).
 */
export function preparedPerHandle<T>(prepare: (db: SQLite.Database) => T): (db: SQLite.Database) => T {
  const cache = new WeakMap<SQLite.Database, T>();
  return (db) => {
    let p = cache.get(db);
    if (p === undefined) {
      p = prepare(db);
      cache.set(db, p);
    }
    return p;
  };
}

/** Runs `work` as one SQLite transaction under Kysely's connection lock, so no Kysely transaction interleaves. */
export async function inSqliteTransaction(kysely: Kysely<Database>, db: SQLite.Database, work: () => void): Promise<void> {
  await kysely.connection().execute(async () => {
    db.transaction(work)();
  });
}

function provider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}

/**
 * Kysely's migrator looks for its table by introspecting every schema of the database (columns,
 * serial sequences), and that query fails with invalid_schema_name (3F000), undefined_table (42P01)
 * or undefined_column (42703) when another session drops some other schema while it runs (seen with
 * parallel test suites sharing one database, each in its own schema). A failure before any migration
 * ran (`results` undefined) that names none of our own objects is therefore retried.
 */
function droppedElsewhere(error: unknown, results: unknown, own: string | undefined): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (results !== undefined || !e?.code || !/^(3F|42)/.test(e.code)) return false;
  return !(own && (e.message?.includes(`"${own}"`) || e.message?.includes(`"${own}.`)));
}

export async function migrate(db: Db): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db.dialect), ...(db.schema && { migrationTableSchema: db.schema }) });
  let { error, results } = await migrator.migrateToLatest();
  for (let attempt = 1; attempt < 5 && error && droppedElsewhere(error, results, db.schema); attempt++) {
    await new Promise((r) => setTimeout(r, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) throw new ConfigError(`database migration failed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

export async function migrationStatus(db: Db): Promise<{ name: string; applied: boolean }[]> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db.dialect), ...(db.schema && { migrationTableSchema: db.schema }) });
  const list = await migrator.getMigrations();
  return list.map((m) => ({ name: m.name, applied: m.executedAt !== undefined }));
}
