import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/support/stores.js';
import type { ResourceRecord } from '../core/resource.js';
import type { Store } from './store.js';

const sg = (cidr: string, name = 'web'): ResourceRecord => ({
  id: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1',
  type: 'aws.ec2.security-group',
  provider: 'aws',
  account: '111111111111',
  region: 'eu-west-1',
  name,
  tags: { team: 'web' },
  config: { ingress: [{ port: 22, cidr }], vpcId: 'vpc-1', description: 'x' },
});

describe.each(testDialects())('store on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    store = await dialect.open();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('migrates to the latest and reports every migration applied', async () => {
    const status = await store.migrationStatus();
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((m) => m.applied)).toBe(true);
    expect((await store.migrate()).applied).toEqual([]);
  });

  it('records create, field-level modify and delete, and answers history queries', async () => {
    const t1 = '2026-11-01T10:00:00.000Z';
    const t2 = '2026-11-03T10:00:00.000Z';
    const t3 = '2026-11-05T10:00:00.000Z';
    expect(await store.resources.upsertMany([sg('10.0.0.0/8')], { at: t1 })).toEqual({ created: 1, modified: 0, unchanged: 0 });
    expect(await store.resources.upsertMany([sg('10.0.0.0/8')], { at: t2 })).toEqual({ created: 0, modified: 0, unchanged: 1 });
    expect(await store.resources.upsertMany([sg('0.0.0.0/0', 'web-open')], { at: t3, actor: 'arn:aws:iam::111111111111:user/bob', eventId: 'ev-1' })).toEqual({
      created: 0,
      modified: 1,
      unchanged: 0,
    });
    const changes = await store.resources.changes({ resourceId: sg('').id });
    expect(changes.map((c) => c.kind)).toEqual(['modify', 'create']);
    expect(changes[0]?.actor).toBe('arn:aws:iam::111111111111:user/bob');
    expect(changes[0]?.diff).toEqual([
      { path: 'config.ingress', before: [{ port: 22, cidr: '10.0.0.0/8' }], after: [{ port: 22, cidr: '0.0.0.0/0' }] },
      { path: 'name', before: 'web', after: 'web-open' },
    ]);
    const tuesday = await store.resources.asOf(sg('').id, '2026-11-04T00:00:00.000Z');
    expect(tuesday?.name).toBe('web');
    expect((tuesday?.config as { ingress: unknown[] } | undefined)?.ingress).toEqual([{ port: 22, cidr: '10.0.0.0/8' }]);
    expect(await store.resources.asOf(sg('').id, '2026-10-01T00:00:00.000Z')).toBeUndefined();

    const swept = await store.resources.sweep(
      { account: '111111111111', region: 'eu-west-1', types: ['aws.ec2.security-group'], seenSince: '2026-11-06T00:00:00.000Z' },
      { at: '2026-11-06T00:00:00.000Z' },
    );
    expect(swept).toBe(1);
    expect((await store.resources.get(sg('').id))?.deletedAt).toBe('2026-11-06T00:00:00.000Z');
    expect((await store.resources.list()).items).toHaveLength(0);
    expect((await store.resources.list({ includeDeleted: true })).items).toHaveLength(1);
    expect((await store.resources.changes({ resourceId: sg('').id }))[0]?.kind).toBe('delete');
  });

  it('pages with keyset pagination and filters by account scope', async () => {
    const many: ResourceRecord[] = Array.from({ length: 25 }, (_, i) => ({
      ...sg('1.1.1.1/32'),
      id: `r-${String(i).padStart(3, '0')}`,
      account: i % 2 ? 'a2' : 'a1',
    }));
    await store.resources.upsertMany(many, { at: '2026-11-01T00:00:00.000Z' });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.resources.list({}, { limit: 10, ...(after && { after }) });
      seen.push(...page.items.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(many.map((r) => r.id));
    const scoped = await store.resources.list({ accounts: ['a2'] }, { limit: 100 });
    expect(scoped.items.every((r) => r.account === 'a2')).toBe(true);
    expect(scoped.items).toHaveLength(12);
    expect((await store.resources.list({ accounts: [] })).items).toHaveLength(0);
    expect(await store.resources.count({ account: 'a1' })).toBe(13);
  });

  it('keeps edges current: new inserted, vanished marked deleted', async () => {
    const at = '2026-11-01T00:00:00.000Z';
    await store.edges.replaceFrom(
      ['i-1'],
      [
        { from: 'i-1', to: 'sg-1', kind: 'uses-security-group' },
        { from: 'i-1', to: 'sg-2', kind: 'uses-security-group' },
      ],
      'a1',
      at,
    );
    expect(await store.edges.of('sg-2')).toEqual([{ from: 'i-1', to: 'sg-2', kind: 'uses-security-group', direction: 'in' }]);
    await store.edges.replaceFrom(['i-1'], [{ from: 'i-1', to: 'sg-1', kind: 'uses-security-group' }], 'a1', '2026-11-02T00:00:00.000Z');
    expect(await store.edges.of('sg-2')).toEqual([]);
    expect((await store.edges.of('i-1')).map((e) => e.to)).toEqual(['sg-1']);
  });

  it('dedups findings, resolves the missing and reopens on regression', async () => {
    const f = {
      source: 'config' as const,
      ruleId: 'aws-ec2-security-group-ssh-restricted',
      title: 'SSH open to the world',
      severity: 'high' as const,
      resourceId: 'sg-1',
      resourceType: 'aws.ec2.security-group',
      account: 'a1',
      region: 'eu-west-1',
      evidence: { port: 22 },
      attack: [],
      compliance: [{ framework: 'cis-aws-5.0', control: '5.3' }],
    };
    const r1 = await store.findings.upsert([{ ...f, seenAt: '2026-11-01T00:00:00.000Z' }]);
    expect(r1.created).toHaveLength(1);
    const r2 = await store.findings.upsert([{ ...f, seenAt: '2026-11-02T00:00:00.000Z' }]);
    expect(r2).toMatchObject({ created: [], reopened: [], updated: 1 });
    expect(await store.findings.resolveMissing({ source: 'config', seenBefore: '2026-11-03T00:00:00.000Z' }, '2026-11-03T00:00:00.000Z')).toBe(1);
    const r3 = await store.findings.upsert([{ ...f, seenAt: '2026-11-04T00:00:00.000Z' }]);
    expect(r3.reopened).toHaveLength(1);
    const list = await store.findings.list({ status: 'open' });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-04T00:00:00.000Z', compliance: f.compliance });
    // A key twice in one batch: one row, keeping its id, the widest seen range and the last evidence.
    const r4 = await store.findings.upsert([
      { ...f, seenAt: '2026-11-05T00:00:00.000Z', evidence: { port: 22, n: 1 } },
      { ...f, seenAt: '2026-10-30T00:00:00.000Z', evidence: { port: 22, n: 2 } },
      { ...f, ruleId: 'other', seenAt: '2026-11-05T00:00:00.000Z' },
      { ...f, ruleId: 'other', seenAt: '2026-11-06T00:00:00.000Z', title: 'later' },
    ]);
    expect(r4).toMatchObject({ reopened: [], updated: 3 });
    expect(r4.created).toEqual([expect.objectContaining({ ruleId: 'other', title: 'later', lastSeen: '2026-11-06T00:00:00.000Z' })]);
    const after = await store.findings.list({ status: 'open', ruleId: f.ruleId });
    expect(after.items).toEqual([
      expect.objectContaining({
        id: list.items[0]?.id,
        firstSeen: '2026-10-30T00:00:00.000Z',
        lastSeen: '2026-11-05T00:00:00.000Z',
        evidence: { port: 22, n: 2 },
      }),
    ]);
  });

  it('keeps alert history with who changed what', async () => {
    const a = await store.alerts.insert(
      {
        dedupKey: 'k1',
        title: 'Open database',
        severity: 'critical',
        riskScore: 95,
        factors: ['open to 0.0.0.0/0 on 27017'],
        status: 'open',
        owner: 'bob',
        assignee: null,
        dueAt: null,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-01T00:00:00.000Z',
        resolvedAt: null,
        data: {},
      },
      'system',
    );
    await store.alerts.update(a.id, { status: 'acknowledged' }, 'alice', 'looking');
    const h = await store.alerts.history(a.id);
    expect(h.map((e) => [e.actor, e.toStatus])).toEqual([
      ['system', 'open'],
      ['alice', 'acknowledged'],
    ]);
    expect((await store.alerts.getByKey('k1'))?.factors).toEqual(['open to 0.0.0.0/0 on 27017']);
  });

  it('stores users, hashed tokens, deliveries idempotently, checkpoints and the audit log', async () => {
    const u = await store.users.create({ username: 'ana', passwordHash: 'scrypt$x', role: 'analyst', scope: { accounts: ['a1'] } });
    await store.users.createToken({ userId: u.id, name: 'ci', tokenHash: 'h1', scope: {} });
    expect((await store.users.tokenByHash('h1'))?.userId).toBe(u.id);
    expect((await store.users.byUsername('ana'))?.scope).toEqual({ accounts: ['a1'] });
    const d1 = await store.deliveries.ensure({ integrationId: 'i1', alertId: 'a1', idempotencyKey: 'k', action: 'send' });
    const d2 = await store.deliveries.ensure({ integrationId: 'i1', alertId: 'a1', idempotencyKey: 'k', action: 'send' });
    expect(d2.id).toBe(d1.id);
    await store.checkpoints.set('ingest:x', { offset: 10 });
    await store.checkpoints.set('ingest:x', { offset: 20 });
    expect(await store.checkpoints.get('ingest:x')).toEqual({ offset: 20 });
    await store.audit.record('ana', 'alert.ack', 'alr_1', { note: 'x' });
    expect((await store.audit.list())[0]).toMatchObject({ actor: 'ana', action: 'alert.ack', details: { note: 'x' } });
  });

  it('records scans with checkpoints and coverage gaps', async () => {
    const id = await store.scans.start('aws', { regions: ['eu-west-1'] });
    await store.scans.saveCheckpoint(id, { done: ['a1/eu-west-1/ec2'] });
    await store.scans.addGaps([
      { scanId: id, account: 'a1', region: 'eu-west-1', service: 'guardduty', operation: 'ListDetectors', kind: 'access-denied', message: 'not authorized' },
    ]);
    expect((await store.scans.latest('aws', { unfinished: true }))?.checkpoint.done).toEqual(['a1/eu-west-1/ec2']);
    await store.scans.finish(id, 'partial', { resources: 3 });
    expect(await store.scans.latest('aws', { unfinished: true })).toBeUndefined();
    expect(await store.scans.gaps(id)).toHaveLength(1);
  });
});
