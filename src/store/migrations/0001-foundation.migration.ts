import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/** The foundation tables. Append-only: never edit a released migration, add the next file. */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('tags', json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('scan_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('options', json, (c) => c.notNull())
      .addColumn('stats', json, (c) => c.notNull())
      .addColumn('checkpoint', json, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('coverage_gaps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('scan_id', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('coverage_gaps_scan').on('coverage_gaps').columns(['scan_id']).execute();

    await db.schema
      .createTable('resources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('arn', 'text')
      .addColumn('tags', json, (c) => c.notNull())
      .addColumn('config', json, (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .addColumn('scan_id', 'text')
      .execute();
    // Keyset pagination and facet filters: (filter columns…, id).
    await db.schema.createIndex('resources_type').on('resources').columns(['type', 'id']).execute();
    await db.schema.createIndex('resources_account').on('resources').columns(['account', 'region', 'type']).execute();
    await db.schema.createIndex('resources_name').on('resources').columns(['name']).execute();

    await db.schema
      .createTable('edges')
      .addColumn('from_id', 'text', (c) => c.notNull())
      .addColumn('to_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .addPrimaryKeyConstraint('edges_pk', ['from_id', 'to_id', 'kind'])
      .execute();
    await db.schema.createIndex('edges_to').on('edges').columns(['to_id']).execute();

    await db.schema
      .createTable('resource_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('diff', json, (c) => c.notNull())
      .addColumn('actor', 'text')
      .addColumn('event_id', 'text')
      .addColumn('scan_id', 'text')
      .execute();
    await db.schema.createIndex('changes_resource').on('resource_changes').columns(['resource_id', 'at']).execute();
    await db.schema.createIndex('changes_at').on('resource_changes').columns(['at']).execute();

    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text')
      .addColumn('resource_type', 'text')
      .addColumn('account', 'text')
      .addColumn('region', 'text')
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('evidence', json, (c) => c.notNull())
      .addColumn('attack', json, (c) => c.notNull())
      .addColumn('compliance', json, (c) => c.notNull())
      .addColumn('suppression_id', 'text')
      .execute();
    await db.schema.createIndex('findings_status').on('findings').columns(['status', 'severity', 'id']).execute();
    await db.schema.createIndex('findings_resource').on('findings').columns(['resource_id']).execute();
    await db.schema.createIndex('findings_rule').on('findings').columns(['source', 'rule_id']).execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('risk_score', 'integer', (c) => c.notNull())
      .addColumn('factors', json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('owner', 'text')
      .addColumn('assignee', 'text')
      .addColumn('due_at', 'text')
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('data', json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_status').on('alerts').columns(['status', 'risk_score']).execute();

    await db.schema
      .createTable('alert_findings')
      .addColumn('alert_id', 'text', (c) => c.notNull())
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_findings_pk', ['alert_id', 'finding_id'])
      .execute();
    await db.schema.createIndex('alert_findings_finding').on('alert_findings').columns(['finding_id']).execute();

    await db.schema
      .createTable('alert_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alert_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('alert_history_alert').on('alert_history').columns(['alert_id', 'at']).execute();

    await db.schema
      .createTable('suppressions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('match', json, (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('owner', 'text')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .execute();

    await db.schema
      .createTable('integrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('options', json, (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('integration_id', 'text', (c) => c.notNull())
      .addColumn('alert_id', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('deliveries_alert').on('deliveries').columns(['alert_id', 'integration_id']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('scope', json, (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('scope', json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('details', json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();

    await db.schema
      .createTable('checkpoints')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', json, (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
}));
