import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';
import { findCatalogue } from '../../compliance/index.js';
import type { ResourceRecord } from '../../core/resource.js';
import { checkError, defineCheck, fail, pass } from '../../core/units/check.js';
import { complianceReport } from '../../engine/detect/config/compliance.js';
import { runChecks } from '../../engine/detect/config/engine.js';
import { frameworkSummary } from '../../server/routes/context.routes.js';
import type { Store } from '../index.js';

/**
 * The counts behind the overview posture and the compliance report (migration 0110 gave them
 * covering indexes): the same answers as with the indexes they had before, and right after a re-run
 * that changes outcomes and after resources disappear.
 */

const CIS = findCatalogue('cis-aws-5.0');
const A = ['111111111111', '222222222222', '333333333333'] as const;
const T1 = new Date('2026-11-20T10:00:00.000Z');
const T2 = new Date('2026-11-21T10:00:00.000Z');

// Two checks of the CIS report on one type: `mode` in the config makes each pass, fail or error.
const sshClosed = defineCheck<{ mode?: string }>({
  id: 'test-counts-ssh-closed',
  title: 'SSH closed',
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'high',
  risk: 'r',
  remediation: { text: 't' },
  compliance: [{ framework: 'cis-aws-5.0', control: '5.3' }],
  evaluate: (r) => (r.config.mode === 'open' ? fail('open', { port: 22 }) : r.config.mode === 'denied' ? checkError('access-denied') : pass()),
  fixtures: [],
});
const rdpClosed = defineCheck<{ mode?: string; rdp?: boolean }>({
  id: 'test-counts-rdp-closed',
  title: 'RDP closed',
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'high',
  risk: 'r',
  remediation: { text: 't' },
  compliance: [{ framework: 'cis-aws-5.0', control: '5.4' }],
  evaluate: (r) => (r.config.rdp ? fail('rdp open', { port: 3389 }) : pass()),
  fixtures: [],
});
const CHECKS = [sshClosed, rdpClosed];

const sg = (i: number, config: Record<string, unknown>): ResourceRecord => {
  const account = A[i % 3] as string;
  return {
    id: `arn:aws:ec2:eu-west-1:${account}:security-group/sg-${i}`,
    type: 'aws.ec2.security-group',
    provider: 'aws',
    account,
    region: i % 2 ? 'eu-west-1' : 'us-east-1',
    name: `sg-${i}`,
    tags: {},
    config,
  };
};
const MODES = ['open', 'closed', 'closed', 'denied'];

/** What the posture route and the report read, in an order that does not depend on the plan. */
async function readAll(store: Store) {
  const sort = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const report = async (account?: string) => ({
    ...(await complianceReport(store, CIS as NonNullable<typeof CIS>, CHECKS, { ...(account && { account }), now: T2 })),
  });
  return {
    countsAll: sort(await store.dashboard.checkCountsByAccount()),
    countsScoped: sort(await store.dashboard.checkCountsByAccount([A[0], A[2]])),
    summaryAll: sort(await store.checkResults.summary()),
    summaryScoped: sort(await store.checkResults.summary({ account: A[1] })),
    facets: sort(await store.resources.facets()),
    findingsAll: sort(await store.dashboard.openFindingsByAccount()),
    findingsScoped: sort(await store.dashboard.openFindingsByAccount([A[1]])),
    reportAll: await report(),
    reportScoped: await report(A[2]),
  };
}

/** Check results counted in JS from every stored row: what the GROUP BYs must say. */
async function tally(store: Store, accounts?: readonly string[]) {
  const out = new Map<string, number>();
  for (const r of await store.checkResults.list())
    if (!accounts || accounts.includes(r.account))
      out.set(`${r.account} ${r.checkId} ${r.status}`, (out.get(`${r.account} ${r.checkId} ${r.status}`) ?? 0) + 1);
  return [...out].sort();
}
const asTally = (rows: { account: string; checkId: string; status: string; n: number }[]) =>
  rows.map((r) => [`${r.account} ${r.checkId} ${r.status}`, r.n] as [string, number]).sort();

describe.each(testDialects())('dashboard counts on $name', (dialect) => {
  it('answers as with the indexes before migration 0110 (all accounts and scoped)', async () => {
    const store = await dialect.open();
    try {
      await store.resources.upsertMany(
        Array.from({ length: 60 }, (_, i) => sg(i, { mode: MODES[i % 4], rdp: i % 5 === 0 })),
        { at: T1.toISOString() },
      );
      await store.resources.markDeleted([sg(7, {}).id, sg(8, {}).id], { at: T1.toISOString() });
      await runChecks(store, { checks: CHECKS, now: T1 });
      const now = await readAll(store);
      // the seeded data has every status and a failing list in the report
      expect(now.countsAll.join()).toMatch(/"fail".*"pass"|"pass".*"fail"/);
      expect(now.reportAll.controls.find((c) => c.control === '5.3')).toMatchObject({ status: 'fail', counts: { error: 14 } }); // 15 denied, less sg-7 (deleted)
      expect(now.reportAll.controls.find((c) => c.control === '5.3')?.failing.length).toBeGreaterThan(0);
      expect(asTally(await store.dashboard.checkCountsByAccount())).toEqual(await tally(store));

      // Back to the indexes before 0110: the same queries must give the same answers.
      const k = store.db.kysely;
      for (const name of ['check_results_account', 'check_results_status', 'resources_account', 'findings_status']) await k.schema.dropIndex(name).execute();
      await k.schema.createIndex('check_results_account').on('check_results').columns(['account', 'check_id']).execute();
      await k.schema.createIndex('resources_account').on('resources').columns(['account', 'region', 'type']).execute();
      await k.schema.createIndex('findings_status').on('findings').columns(['status', 'severity', 'id']).execute();
      expect(await readAll(store)).toEqual(now);
    } finally {
      await store.dispose();
    }
  });

  it('keeps counts right after a re-run that changes outcomes and after resources disappear', async () => {
    const store = await dialect.open();
    try {
      await store.resources.upsertMany(
        Array.from({ length: 12 }, (_, i) => sg(i, { mode: 'closed' })),
        { at: T1.toISOString() },
      );
      await runChecks(store, { checks: CHECKS, now: T1 });
      const before = await store.dashboard.checkCountsByAccount([A[0]]);
      expect(asTally(before)).toEqual([
        [`${A[0]} test-counts-rdp-closed pass`, 4],
        [`${A[0]} test-counts-ssh-closed pass`, 4],
      ]);

      // sg-0 and sg-3 (account A0) now fail SSH, sg-6 errors; sg-9 is deleted, sg-1 (A1) gone from a sweep
      await store.resources.upsertMany([sg(0, { mode: 'open' }), sg(3, { mode: 'open' }), sg(6, { mode: 'denied', rdp: true })], { at: T2.toISOString() });
      await store.resources.markDeleted([sg(9, {}).id, sg(1, {}).id], { at: T2.toISOString() });
      await runChecks(store, { checks: CHECKS, now: T2 });

      expect(asTally(await store.dashboard.checkCountsByAccount([A[0]]))).toEqual([
        [`${A[0]} test-counts-rdp-closed fail`, 1],
        [`${A[0]} test-counts-rdp-closed pass`, 2],
        [`${A[0]} test-counts-ssh-closed error`, 1],
        [`${A[0]} test-counts-ssh-closed fail`, 2],
      ]);
      expect(asTally(await store.dashboard.checkCountsByAccount())).toEqual(await tally(store));
      expect(asTally(await store.dashboard.checkCountsByAccount([A[1], A[2]]))).toEqual(await tally(store, [A[1], A[2]]));
      expect((await store.checkResults.summary()).sort((x, y) => (x.checkId + x.status < y.checkId + y.status ? -1 : 1))).toEqual([
        { checkId: 'test-counts-rdp-closed', status: 'fail', n: 1 },
        { checkId: 'test-counts-rdp-closed', status: 'pass', n: 9 },
        { checkId: 'test-counts-ssh-closed', status: 'error', n: 1 },
        { checkId: 'test-counts-ssh-closed', status: 'fail', n: 2 },
        { checkId: 'test-counts-ssh-closed', status: 'pass', n: 7 },
      ]);
      // posture's framework figures from those counts: 5.3 and 5.4 fail for A0, pass for A1
      const of = async (account: string) =>
        frameworkSummary(
          CIS as NonNullable<typeof CIS>,
          CHECKS,
          (await store.dashboard.checkCountsByAccount([account])).map((r) => ({ checkId: r.checkId, status: r.status as 'pass', n: r.n })),
        );
      expect((await of(A[0])).fail).toBe(2);
      expect((await of(A[1])).fail).toBe(0);
      const report = await complianceReport(store, CIS as NonNullable<typeof CIS>, CHECKS, { account: A[0], now: T2 });
      expect(report.controls.find((c) => c.control === '5.3')?.failing.map((f) => f.resourceId)).toEqual([sg(0, {}).id, sg(3, {}).id]);
    } finally {
      await store.dispose();
    }
  });
});

/** SQLite picks the covering indexes for every count (no row of a table read): what makes posture and the report fast. */
describe('dashboard count plans on SQLite', () => {
  it('reads only indexes for the posture and report counts, and seeks failing and erroring results', async () => {
    const [sqlite] = testDialects();
    const store = await (sqlite as NonNullable<typeof sqlite>).open();
    try {
      const k = store.db.kysely;
      const plan = async (q: string) => (await sql.raw<{ detail: string }>(`explain query plan ${q}`).execute(k)).rows.map((r) => r.detail).join('; ');
      expect(await plan('select account, check_id, status, count(*) from check_results group by account, check_id, status')).toMatch(
        /COVERING INDEX check_results_account/,
      );
      expect(await plan("select account, check_id, status, count(*) from check_results where account in ('1') group by account, check_id, status")).toMatch(
        /COVERING INDEX check_results_account/,
      );
      expect(await plan('select check_id, status, count(*) from check_results group by check_id, status')).toMatch(/COVERING INDEX check_results_status/);
      expect(await plan("select check_id, status, count(*) from check_results where account = '1' group by check_id, status")).toMatch(/COVERING INDEX/);
      expect(await plan("select * from check_results where check_id in ('a', 'b') and status = 'error' order by check_id, resource_id limit 10")).toMatch(
        /INDEX check_results_status \(check_id=\? AND status=\?\)/,
      );
      expect(await plan('select type, account, region, count(*) from resources where deleted_at is null group by type, account, region')).toMatch(
        /COVERING INDEX/,
      );
      expect(await plan("select account, severity, count(*) from findings where status = 'open' group by account, severity")).toMatch(/COVERING INDEX/);
      // and the open finding list still walks findings_status (severity, id) order: another index there cost it 10×
      expect(await plan("select * from findings where status = 'open' order by id limit 1001")).toMatch(/USING INDEX findings_status \(status=\?\)/);
    } finally {
      await store.dispose();
    }
  });
});
