import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';

/** The dashboard aggregates give the same answers on SQLite and PostgreSQL (bigint sums, text days). */
describe.each(testDialects())('dashboard aggregates on $name', (dialect) => {
  it('counts alerts per day, open findings per account, check results per account and top talkers', async () => {
    const store = await dialect.open();
    try {
      const at = '2026-11-20T10:00:00.000Z';
      const r = (id: string, account: string) => ({
        id,
        type: 'aws.ec2.instance',
        provider: 'aws' as const,
        account,
        region: 'eu-west-1',
        name: id,
        tags: {},
        config: {},
      });
      await store.resources.upsertMany([r('i-1', '111111111111'), r('i-2', '222222222222')], { at });
      for (const [key, severity, firstSeen, account] of [
        ['a', 'high', '2026-11-19T01:00:00.000Z', '111111111111'],
        ['b', 'high', '2026-11-19T23:00:00.000Z', '222222222222'],
        ['c', 'low', '2026-11-20T05:00:00.000Z', '111111111111'],
        ['d', 'low', '2026-11-01T05:00:00.000Z', '111111111111'],
      ] as const)
        await store.alerts.insert(
          {
            dedupKey: key,
            title: key,
            severity,
            riskScore: 1,
            factors: [],
            status: 'open',
            owner: null,
            assignee: null,
            dueAt: null,
            firstSeen,
            lastSeen: firstSeen,
            resolvedAt: null,
            data: { accounts: [account] },
          },
          'system',
        );
      const perDay = await store.dashboard.alertsPerDay('2026-11-10');
      expect(perDay.sort((x, y) => (x.day + x.severity < y.day + y.severity ? -1 : 1))).toEqual([
        { day: '2026-11-19', severity: 'high', n: 2 },
        { day: '2026-11-20', severity: 'low', n: 1 },
      ]);
      expect((await store.dashboard.alertsSince('2026-11-10')).filter((a) => a.accounts.includes('222222222222'))).toEqual([
        { day: '2026-11-19', severity: 'high', accounts: ['222222222222'] },
      ]);

      const f = {
        source: 'config' as const,
        title: 't',
        resourceType: 'aws.ec2.instance',
        region: 'eu-west-1',
        evidence: {},
        attack: [],
        compliance: [],
        seenAt: at,
      };
      await store.findings.upsert([
        { ...f, ruleId: 'r1', severity: 'high', resourceId: 'i-1', account: '111111111111' },
        { ...f, ruleId: 'r2', severity: 'high', resourceId: 'i-1', account: '111111111111' },
        { ...f, ruleId: 'r1', severity: 'low', resourceId: 'i-2', account: '222222222222' },
      ]);
      expect(await store.dashboard.openFindingsByAccount(['111111111111'])).toEqual([{ account: '111111111111', severity: 'high', n: 2 }]);

      const cr = { resourceType: 'aws.ec2.instance', region: 'eu-west-1', reason: null, message: null, evidence: null, evaluatedAt: at, runId: 'r' };
      await store.checkResults.record([
        { ...cr, checkId: 'c1', resourceId: 'i-1', account: '111111111111', status: 'fail' },
        { ...cr, checkId: 'c2', resourceId: 'i-1', account: '111111111111', status: 'pass' },
        { ...cr, checkId: 'c1', resourceId: 'i-2', account: '222222222222', status: 'pass' },
      ]);
      const counts = await store.dashboard.checkCountsByAccount();
      expect(counts.sort((x, y) => (x.account + x.checkId < y.account + y.checkId ? -1 : 1))).toEqual([
        { account: '111111111111', checkId: 'c1', status: 'fail', n: 1 },
        { account: '111111111111', checkId: 'c2', status: 'pass', n: 1 },
        { account: '222222222222', checkId: 'c1', status: 'pass', n: 1 },
      ]);

      const p = { protocol: 'tcp', firstSeen: at, lastSeen: at, peers: 2 };
      await store.network.addPorts([
        { ...p, resourceId: 'i-1', port: 443, direction: 'inbound', flows: 3, bytes: 5_000_000_000 },
        { ...p, resourceId: 'i-1', port: 3306, direction: 'outbound', flows: 1, bytes: 10 },
        { ...p, resourceId: 'i-2', port: 22, direction: 'inbound', flows: 9, bytes: 700 },
        // Not in the inventory: left out (no account to scope it by).
        { ...p, resourceId: 'i-ghost', port: 22, direction: 'inbound', flows: 9, bytes: 9e12 },
      ]);
      expect(await store.dashboard.topTalkers({ limit: 10 })).toEqual([
        {
          resourceId: 'i-1',
          name: 'i-1',
          type: 'aws.ec2.instance',
          account: '111111111111',
          inboundBytes: 5_000_000_000,
          outboundBytes: 10,
          flows: 4,
          ports: 2,
          peers: 2,
        },
        {
          resourceId: 'i-2',
          name: 'i-2',
          type: 'aws.ec2.instance',
          account: '222222222222',
          inboundBytes: 700,
          outboundBytes: 0,
          flows: 9,
          ports: 1,
          peers: 2,
        },
      ]);
      expect((await store.dashboard.topTalkers({ accounts: ['222222222222'], limit: 10 })).map((t) => t.resourceId)).toEqual(['i-2']);
    } finally {
      await store.dispose();
    }
  });
});
