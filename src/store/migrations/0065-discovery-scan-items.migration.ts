import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Finished discovery work items (issue 3, the worker fleet): one row per (scan, account|region|collector)
 * written by whichever worker ran it, with its counts. The primary key makes completion idempotent —
 * a job redelivered after its worker died records nothing twice — and the scan's coordinator counts
 * these rows to know when the scan is done.
 */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('scan_items')
      .addColumn('scan_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('worker', 'text', (c) => c.notNull())
      .addColumn('result', json, (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('scan_items_pk', ['scan_id', 'key'])
      .execute();
  },
}));
