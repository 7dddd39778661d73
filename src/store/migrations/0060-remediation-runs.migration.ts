import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/** Remediation runs (issue 8): every plan, approval, apply, verify and rollback, with who and what. */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('remediation_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alert_id', 'text')
      .addColumn('remediation_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('plan', json, (c) => c.notNull())
      .addColumn('result', json, (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('remediation_runs_alert').on('remediation_runs').columns(['alert_id', 'created_at']).execute();
    await db.schema.createIndex('remediation_runs_resource').on('remediation_runs').columns(['resource_id', 'created_at']).execute();
  },
}));
