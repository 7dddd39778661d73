import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Discovery's rate budgets shared by every worker of one store (issue 3): AWS throttles per account
 * and API whatever process calls, so `scan aws --queue` with N workers must spend one budget per
 * account × service, not N. One row per budget key: the bucket's tokens and rate, as of `last_ms`.
 */
export default defineMigration(() => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rate_budgets')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('tokens', 'double precision', (c) => c.notNull())
      .addColumn('rate', 'double precision', (c) => c.notNull())
      .addColumn('last_ms', 'double precision', (c) => c.notNull())
      .addColumn('throttles', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
}));
