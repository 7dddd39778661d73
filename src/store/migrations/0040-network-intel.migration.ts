import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Threat-intelligence feeds (one row per feed, its versions as compact blobs: a 1M-indicator feed is
 * one row, not 1M), observed network ports per resource (read by exposure and vulnerability
 * context), and records an ingest could not parse.
 */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('intel_feeds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('options', json, (c) => c.notNull())
      .addColumn('refresh', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_success_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('indicator_count', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('intel_feed_versions')
      .addColumn('feed_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('indicator_count', 'integer', (c) => c.notNull())
      .addColumn('problems', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('intel_feed_versions_pk', ['feed_id', 'version'])
      .execute();

    await db.schema
      .createTable('network_ports')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('flows', 'bigint', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('peers', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('network_ports_pk', ['resource_id', 'port', 'protocol', 'direction'])
      .execute();

    await db.schema
      .createTable('network_ingest_errors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('line', 'integer')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('network_ingest_errors_at').on('network_ingest_errors').columns(['kind', 'at']).execute();
  },
}));
