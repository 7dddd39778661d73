import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Covering indexes for the counts behind the overview posture and the compliance report. Each of
 * those counts filtered or grouped on a column no index held (check_results.status,
 * resources.deleted_at, findings.account), so it looked up every counted row in its table: at 100k
 * resources (300k check results) posture took 1.4–2.1 s and the unscoped CIS report 1.7–2.4 s of
 * SQLite, most of it page reads. Indexes rather than counts kept beside the rows: nothing to keep
 * right on every write path (record, deleteStale, rescans, resource deletion).
 * - check_results_account (account, check_id) becomes (account, check_id, status): it covers the
 *   per-account counts, for every account or a scoped user's, and still serves what the old one did.
 * - check_results_status (check_id, status, resource_id): covers the unscoped per-check counts, and
 *   finds a check's failing or erroring results already in the report's (check_id, resource_id)
 *   order (the error list used to read every result of the mapped checks to find none).
 * - resources_account (account, region, type) gains deleted_at: it covers the live facets.
 * - findings_status (status, severity, id) gains account: it covers open findings per account and
 *   severity, and the finding list keeps walking it in (severity, id) order. A separate
 *   (status, account, severity) index did the counts as fast, but SQLite then chose it for the open
 *   finding list too, whose table reads in (account, severity) order cost 10× (23–40 → 332–510 ms).
 */
export default defineMigration(() => ({
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('check_results_account').execute();
    await db.schema.createIndex('check_results_account').on('check_results').columns(['account', 'check_id', 'status']).execute();
    await db.schema.createIndex('check_results_status').on('check_results').columns(['check_id', 'status', 'resource_id']).execute();
    await db.schema.dropIndex('resources_account').execute();
    await db.schema.createIndex('resources_account').on('resources').columns(['account', 'region', 'type', 'deleted_at']).execute();
    await db.schema.dropIndex('findings_status').execute();
    await db.schema.createIndex('findings_status').on('findings').columns(['status', 'severity', 'id', 'account']).execute();
  },
}));
