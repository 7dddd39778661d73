import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewFinding } from '../../core/finding.js';
import { type Store, openStore } from '../index.js';
import { FindingsRepo } from './findings.repo.js';
import { NetworkRepo, type NetworkPort } from './network.repo.js';

/**
 * On SQLite, findings upserts and port additions run as cached prepared statements instead of
 * Kysely statements: both forms must leave the same rows and report the same outcome.
 */
describe('SQLite bulk writes match their Kysely form', () => {
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    a = await openStore({ sqliteFile: ':memory:' });
    b = await openStore({ sqliteFile: ':memory:' });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  const f = (ruleId: string, seenAt: string, extra: Partial<NewFinding> = {}): NewFinding => ({
    source: 'network',
    ruleId,
    title: `t ${ruleId}`,
    severity: 'high',
    resourceId: 'r-1',
    resourceType: 'aws.ec2.instance',
    account: 'a1',
    region: 'eu-west-1',
    evidence: { n: seenAt },
    attack: ['T1046'],
    compliance: [],
    seenAt,
    ...extra,
  });

  const rows = async (s: Store) => (await s.db.kysely.selectFrom('findings').selectAll().orderBy('dedup_key').execute()).map(({ id: _id, ...r }) => r);
  const strip = (r: Awaited<ReturnType<FindingsRepo['upsert']>>) => ({
    created: r.created.map(({ id: _id, ...x }) => x),
    reopened: r.reopened.map(({ id: _id, ...x }) => x),
    updated: r.updated,
  });

  it('findings: create, update, a key repeated in a batch, reopen, suppressed, no resource, more than one batch', async () => {
    expect(a.db.sqlite).toBeDefined();
    const fast = a.findings;
    const slow = new FindingsRepo(b.db.kysely);
    const many = Array.from({ length: 1200 }, (_, i) => f(`r${i % 700}`, `2026-11-0${1 + (i % 5)}T00:00:00.000Z`));
    const steps: NewFinding[][] = [
      [f('x', '2026-11-02T00:00:00.000Z'), f('y', '2026-11-01T00:00:00.000Z', { resourceId: undefined, resourceType: undefined, account: undefined })],
      [f('x', '2026-11-03T00:00:00.000Z'), f('x', '2026-10-30T00:00:00.000Z', { evidence: { last: true } }), f('z', '2026-11-03T00:00:00.000Z')],
      many,
    ];
    for (const step of steps) expect(strip(await fast.upsert(step))).toEqual(strip(await slow.upsert(step)));
    for (const s of [a, b]) {
      await s.findings.resolveMissing({ source: 'network', ruleIds: ['x'], seenBefore: '2026-12-01T00:00:00.000Z' }, '2026-11-10T00:00:00.000Z');
      const z = (await s.findings.list({ ruleId: 'z' })).items[0];
      await s.findings.setSuppression([z?.id as string], 'sup-1');
    }
    const again = [f('x', '2026-11-11T00:00:00.000Z'), f('z', '2026-11-11T00:00:00.000Z')];
    const ra = await fast.upsert(again);
    expect(ra.reopened).toHaveLength(1);
    expect(strip(ra)).toEqual(strip(await slow.upsert(again)));
    expect(await rows(a)).toEqual(await rows(b));
  });

  it('findings: upsertCounts writes the same rows as upsert and reports its outcome as counts', async () => {
    // Four stores: upsert and upsertCounts, each on the prepared-statement path and the Kysely path.
    const c = await openStore({ sqliteFile: ':memory:' });
    const d = await openStore({ sqliteFile: ':memory:' });
    try {
      const full = [a.findings, new FindingsRepo(b.db.kysely)];
      const counted = [c.findings, new FindingsRepo(d.db.kysely)];
      const many = Array.from({ length: 1200 }, (_, i) => f(`r${i % 700}`, `2026-11-0${1 + (i % 5)}T00:00:00.000Z`));
      const steps: NewFinding[][] = [
        [f('x', '2026-11-02T00:00:00.000Z'), f('y', '2026-11-01T00:00:00.000Z', { resourceId: undefined })],
        [f('x', '2026-11-03T00:00:00.000Z'), f('x', '2026-10-30T00:00:00.000Z'), f('z', '2026-11-03T00:00:00.000Z')],
        many,
      ];
      const outcome = async (step: NewFinding[]) => {
        for (let k = 0; k < 2; k++) {
          const r = await (full[k] as FindingsRepo).upsert(step);
          const n = await (counted[k] as FindingsRepo).upsertCounts(step);
          expect(n).toEqual({ created: r.created.length, reopened: r.reopened.length, updated: r.updated });
        }
      };
      for (const step of steps) await outcome(step);
      for (const s of [a, b, c, d])
        await s.findings.resolveMissing({ source: 'network', ruleIds: ['x'], seenBefore: '2026-12-01T00:00:00.000Z' }, '2026-11-10T00:00:00.000Z');
      // A reopen: the resolved `x` is seen again.
      await outcome([f('x', '2026-11-11T00:00:00.000Z'), f('z', '2026-11-11T00:00:00.000Z')]);
      expect(await rows(c)).toEqual(await rows(a));
      expect(await rows(d)).toEqual(await rows(b));
      expect((await rows(a)).length).toBeGreaterThan(700);
    } finally {
      await c.close();
      await d.close();
    }
  });

  it('findings: seeded batches of odd sizes, repeated keys, resolved and suppressed ones, as the Kysely form', async () => {
    // The prepared path looks stored rows up LOOKUP_KEYS keys a statement, its last one padded with a
    // repeated key: sizes around and between those edges, keys repeated within and across batches.
    const fast = a.findings;
    const slow = new FindingsRepo(b.db.kysely);
    let x = 11;
    const next = (n: number) => {
      x = (x * 48271) % 2147483647;
      return x % n;
    };
    for (const [round, size] of [1, 99, 100, 101, 237, 500, 501, 1234, 3, 777].entries()) {
      const day = `2026-11-${String(1 + (round % 28)).padStart(2, '0')}T00:00:00.000Z`;
      const step = Array.from({ length: size }, () => f(`k${next(900)}`, next(3) === 0 ? '2026-10-15T00:00:00.000Z' : day, { evidence: { n: next(1000) } }));
      expect(strip(await fast.upsert(step))).toEqual(strip(await slow.upsert(step)));
      expect(await fast.upsertCounts(step)).toEqual(await slow.upsertCounts(step));
      if (round % 3 === 2) {
        const ruleId = `k${next(900)}`;
        for (const s of [a, b]) {
          await s.findings.resolveMissing({ source: 'network', seenBefore: day }, day);
          const some = (await s.findings.list({ ruleId })).items[0];
          if (some) await s.findings.setSuppression([some.id], 'sup-1');
        }
      }
    }
    expect(await rows(a)).toEqual(await rows(b));
  });

  it('ports: counts add up, seen range widens, peers keep the larger', async () => {
    const p = (port: number, flows: number, firstSeen: string, lastSeen: string, peers: number): NetworkPort => ({
      resourceId: 'r-1',
      port,
      protocol: 'tcp',
      direction: 'inbound',
      firstSeen,
      lastSeen,
      flows,
      bytes: flows * 100,
      peers,
    });
    const slow = new NetworkRepo(b.db.kysely);
    const steps = [
      [p(22, 3, '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', 2), p(443, 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 1)],
      [p(22, 4, '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', 5), p(443, 2, '2026-11-02T00:00:00.000Z', '2026-11-04T00:00:00.000Z', 0)],
    ];
    for (const step of steps) {
      await a.network.addPorts(step);
      await slow.addPorts(step);
    }
    const got = await a.network.ports();
    expect(got).toEqual(await b.network.ports());
    expect(got.find((x) => x.port === 22)).toMatchObject({
      flows: 7,
      bytes: 700,
      peers: 5,
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-03T00:00:00.000Z',
    });
  });
});
