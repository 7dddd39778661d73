import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Routing rules managed through the API and dashboard (issue 9). skywatch.yaml `routing:` rules
 * stay in the file and come first; these follow them in `position` order.
 */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('routing_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('rule', json, (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('routing_rules_position').on('routing_rules').columns(['position', 'id']).execute();
  },
}));
