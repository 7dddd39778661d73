import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/** Per-identity behaviour baselines (activity): one row per user / role / root, profile as JSON. */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('activity_identities')
      .addColumn('identity', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('learning_until', 'text', (c) => c.notNull())
      .addColumn('events', 'integer', (c) => c.notNull())
      .addColumn('anomalies', 'integer', (c) => c.notNull())
      .addColumn('profile', json, (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activity_identities_account').on('activity_identities').columns(['account', 'identity']).execute();
  },
}));
