import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Config checks: the latest result per (check, resource) for compliance reports, the check runs,
 * and per-run finding snapshots for scan-to-scan diffs.
 */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('check_results')
      .addColumn('check_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('message', 'text')
      .addColumn('evidence', json)
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      .addPrimaryKeyConstraint('check_results_pk', ['check_id', 'resource_id'])
      .execute();
    await db.schema.createIndex('check_results_resource').on('check_results').columns(['resource_id']).execute();
    await db.schema.createIndex('check_results_account').on('check_results').columns(['account', 'check_id']).execute();

    await db.schema
      .createTable('check_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('scope', json, (c) => c.notNull())
      .addColumn('stats', json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('check_runs_started').on('check_runs').columns(['started_at']).execute();

    await db.schema
      .createTable('finding_snapshots')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('finding_snapshots_pk', ['run_id', 'finding_id'])
      .execute();
  },
}));
