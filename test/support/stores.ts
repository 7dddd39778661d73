import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';

/** The shared public test data, beside the project as in CI. Fails loudly when it is missing. */
export function testData(rel: string): string {
  const root = resolve(import.meta.dirname, '../../../shared/data');
  const p = join(root, rel);
  if (!existsSync(p)) throw new Error(`test data missing: ${p} (expected ../shared/data beside the project)`);
  return p;
}

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store & { dispose(): Promise<void> }>;
}

const PG_URL = process.env.SKYWATCH_TEST_DATABASE_URL;
let warned = false;

/**
 * The dialects a store suite runs on: SQLite always, PostgreSQL when SKYWATCH_TEST_DATABASE_URL is
 * set (CI sets it, so there the PostgreSQL suites are required). Each store gets a fresh schema.
 */
export function testDialects(): TestDialect[] {
  const list: TestDialect[] = [
    {
      name: 'sqlite',
      async open() {
        const store = await openStore({ sqliteFile: ':memory:' });
        return Object.assign(store, { dispose: () => store.close() });
      },
    },
  ];
  if (PG_URL) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
        const store = await openStore({ databaseUrl: PG_URL, schema });
        return Object.assign(store, {
          async dispose() {
            await store.close();
            const c = new pg.Client({ connectionString: PG_URL });
            await c.connect();
            await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await c.end();
          },
        });
      },
    });
  } else if (!warned) {
    warned = true;
    console.warn('\n*** SKYWATCH_TEST_DATABASE_URL is not set: PostgreSQL store suites are SKIPPED (CI sets it). ***\n');
  }
  return list;
}

export const pgUrl = PG_URL;
