import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/** Scanner reports and their vulnerabilities, KEV and EPSS enrichment, exposure paths, application profiles. */
export default defineMigration((json) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('vuln_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // format + matched resource (or the artifact when unmatched): a newer report with the same key replaces the older.
      .addColumn('target_key', 'text', (c) => c.notNull().unique())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('scanner', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_name', 'text', (c) => c.notNull())
      .addColumn('target', json, (c) => c.notNull())
      .addColumn('resource_id', 'text')
      .addColumn('match_method', 'text')
      .addColumn('generated_at', 'text')
      .addColumn('ingested_at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('vuln_count', 'integer', (c) => c.notNull())
      .addColumn('packages', json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vuln_reports_resource').on('vuln_reports').columns(['resource_id']).execute();

    await db.schema
      .createTable('vulnerabilities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text')
      .addColumn('vuln_id', 'text', (c) => c.notNull())
      .addColumn('aliases', json, (c) => c.notNull())
      .addColumn('pkg_name', 'text', (c) => c.notNull())
      .addColumn('pkg_type', 'text')
      .addColumn('installed_version', 'text')
      .addColumn('fixed_version', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('cvss_version', 'text')
      .addColumn('cvss_vector', 'text')
      .addColumn('cvss_score', 'real')
      .addColumn('published_at', 'text')
      .addColumn('title', 'text')
      .addColumn('epss', 'real')
      .execute();
    await db.schema.createIndex('vulnerabilities_report').on('vulnerabilities').columns(['report_id']).execute();
    await db.schema.createIndex('vulnerabilities_resource').on('vulnerabilities').columns(['resource_id', 'vuln_id']).execute();
    await db.schema.createIndex('vulnerabilities_vuln').on('vulnerabilities').columns(['vuln_id']).execute();

    await db.schema
      .createTable('kev_entries')
      .addColumn('cve_id', 'text', (c) => c.primaryKey())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('date_added', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text')
      .addColumn('ransomware', 'text')
      .addColumn('catalog_version', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('epss_scores')
      .addColumn('cve_id', 'text', (c) => c.primaryKey())
      .addColumn('epss', 'real', (c) => c.notNull())
      .addColumn('percentile', 'real')
      .addColumn('score_date', 'text')
      .execute();

    await db.schema
      .createTable('exposures')
      .addColumn('resource_id', 'text', (c) => c.primaryKey())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('internet', 'integer', (c) => c.notNull())
      .addColumn('ports', json, (c) => c.notNull())
      .addColumn('paths', json, (c) => c.notNull())
      .addColumn('notes', json, (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('applications')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('version', 'text')
      .addColumn('confidence', 'text', (c) => c.notNull())
      .addColumn('ports', json, (c) => c.notNull())
      .addColumn('evidence', json, (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('applications_pk', ['resource_id', 'app'])
      .execute();
    await db.schema.createIndex('applications_app').on('applications').columns(['app']).execute();
  },
}));
