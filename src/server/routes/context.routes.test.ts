import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../core/resource.js';
import { loadUnits } from '../../engine/units.js';
import { openStore, type Store } from '../../store/index.js';
import { buildApp } from '../app.js';
import { hashPassword } from '../auth/passwords.js';

/**
 * The dashboard's aggregate routes (alert trend, posture, top talkers, graph neighbourhood,
 * identity detail, compliance exports): authentication, validation naming the field, and account
 * scoping on each. Two accounts; `scoped` may only see 111111111111.
 */
let store: Store;
let app: FastifyInstance;
const PASSWORD = 'correct horse battery staple';
const A = '111111111111';
const B = '222222222222';
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString();

const res = (id: string, account: string, type = 'aws.ec2.instance'): ResourceRecord => ({
  id,
  type,
  provider: 'aws',
  account,
  region: 'eu-west-1',
  name: `name-${id}`,
  tags: {},
  config: {},
});

async function login(username: string) {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  return (r.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
}

async function get(jar: string, url: string) {
  return app.inject({ url, headers: { cookie: jar } });
}

const cisCheck = loadUnits().checks.find((c) => c.compliance.some((r) => r.framework === 'cis-aws-5.0'));

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  for (const [u, role, scope] of [
    ['vic', 'viewer', {}],
    ['scoped', 'viewer', { accounts: [A] }],
  ] as const) {
    await store.users.create({ username: u, passwordHash: await hashPassword(PASSWORD), role, scope: structuredClone(scope) as { accounts?: string[] } });
  }
  await store.resources.upsertMany(
    [res('i-a1', A), res('sg-a1', A, 'aws.ec2.security-group'), res('vpc-a1', A, 'aws.ec2.vpc'), res('i-b1', B), res('sg-b1', B, 'aws.ec2.security-group')],
    { at: '2026-11-01T00:00:00.000Z' },
  );
  await store.edges.replaceFrom(
    ['i-a1', 'sg-a1'],
    [
      { from: 'i-a1', to: 'sg-a1', kind: 'uses' },
      { from: 'sg-a1', to: 'vpc-a1', kind: 'in' },
      // A cross-account edge: a scoped user must not learn sg-b1 exists.
      { from: 'i-a1', to: 'sg-b1', kind: 'uses' },
    ],
    A,
    '2026-11-01T00:00:00.000Z',
  );
  await store.network.addPorts([
    { resourceId: 'i-a1', port: 443, protocol: 'tcp', direction: 'inbound', firstSeen: day(1), lastSeen: day(0), flows: 10, bytes: 1000, peers: 3 },
    { resourceId: 'i-a1', port: 3333, protocol: 'tcp', direction: 'outbound', firstSeen: day(1), lastSeen: day(0), flows: 5, bytes: 500, peers: 1 },
    { resourceId: 'i-b1', port: 22, protocol: 'tcp', direction: 'inbound', firstSeen: day(1), lastSeen: day(0), flows: 99, bytes: 9_000_000, peers: 40 },
  ]);
  let n = 0;
  for (const [account, severity, offset] of [
    [A, 'high', 0],
    [A, 'critical', 2],
    [B, 'high', 0],
    [B, 'high', 40],
  ] as const) {
    await store.alerts.insert(
      {
        dedupKey: `k${n++}`,
        title: `alert ${account}`,
        severity,
        riskScore: 50,
        factors: [],
        status: 'open',
        owner: null,
        assignee: null,
        dueAt: null,
        firstSeen: day(offset),
        lastSeen: day(offset),
        resolvedAt: null,
        data: { accounts: [account] },
      },
      'system',
    );
  }
  const base = {
    source: 'config' as const,
    title: 't',
    resourceType: 'aws.ec2.instance',
    region: 'eu-west-1',
    evidence: {},
    attack: [],
    compliance: [],
    seenAt: day(0),
  };
  await store.findings.upsert([
    { ...base, ruleId: 'r1', severity: 'high', resourceId: 'i-a1', account: A },
    { ...base, ruleId: 'r2', severity: 'low', resourceId: 'i-a1', account: A },
    { ...base, ruleId: 'r1', severity: 'high', resourceId: 'i-b1', account: B },
    {
      ...base,
      source: 'activity',
      ruleId: 'anomalous-behaviour',
      severity: 'medium',
      resourceId: 'arn:aws:iam::111111111111:user/alice',
      account: A,
      evidence: { actor: { identity: 'arn:aws:iam::111111111111:user/alice' } },
    },
  ]);
  if (cisCheck)
    await store.checkResults.record([
      {
        checkId: cisCheck.id,
        resourceId: 'i-b1',
        resourceType: 'aws.ec2.instance',
        account: B,
        region: 'eu-west-1',
        status: 'fail',
        reason: null,
        message: 'bad',
        evidence: { why: 'because' },
        evaluatedAt: day(0),
        runId: 'run1',
      },
    ]);
  const profile = (identity: string, account: string) => ({
    identity,
    account,
    type: 'IAMUser',
    name: identity.split('/').pop() as string,
    firstSeen: Date.parse(day(20)),
    lastSeen: Date.parse(day(0)),
    learningUntil: Date.parse(day(13)),
    events: 42,
    actions: { 's3:GetObject': 30, 'iam:CreateAccessKey': 1 },
    regions: { 'eu-west-1': 42 },
    countries: { DE: 41, KP: 1 },
    asns: {},
    userAgents: {},
    accessKeys: {},
    hours: Array(168).fill(0),
    volume: { hour: 0, count: 0, n: 0, mean: 0, m2: 0, max: 0 },
    anomalies: [
      {
        time: Date.parse(day(0)),
        eventId: 'e1',
        action: 'iam:CreateAccessKey',
        score: 80,
        factors: [{ factor: 'new-country', score: 40, explanation: 'first call from KP; baseline: DE' }],
      },
    ],
  });
  await store.identities.save([profile('arn:aws:iam::111111111111:user/alice', A), profile('arn:aws:iam::222222222222:user/bob', B)]);
  app = await buildApp({ store, log: pino({ level: 'silent' }), key: randomBytes(32), loginPerMinute: 1000, webDir: '/nonexistent' });
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const ROUTES = [
  '/api/overview/alert-trend',
  '/api/overview/posture',
  '/api/network/top-talkers',
  '/api/graph/i-a1',
  '/api/compliance',
  `/api/identities/${encodeURIComponent('arn:aws:iam::111111111111:user/alice')}`,
  '/api/compliance/cis-aws-5.0?format=csv',
];

describe('dashboard aggregate routes', () => {
  it('require a login', async () => {
    for (const url of ROUTES) expect((await app.inject(url)).statusCode, url).toBe(401);
  });

  it('reject bad input naming the field', async () => {
    const jar = await login('vic');
    for (const [url, field] of [
      ['/api/overview/alert-trend?days=0', 'days'],
      ['/api/network/top-talkers?limit=abc', 'limit'],
      ['/api/graph/i-a1?hops=3', 'hops'],
      ['/api/compliance/cis-aws-5.0?format=pdf', 'format'],
    ] as const) {
      const r = await get(jar, url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json(), url).toMatchObject({ field });
    }
  });

  it('counts alerts per day and severity, inside the window only', async () => {
    const all = (await get(await login('vic'), '/api/overview/alert-trend?days=7')).json() as { days: string[]; series: Record<string, number[]> };
    expect(all.days).toHaveLength(7);
    expect(all.days.at(-1)).toBe(day(0).slice(0, 10));
    expect(all.series.high?.at(-1)).toBe(2);
    expect(all.series.critical?.at(-3)).toBe(1);
    // The alert 40 days old is outside a 7-day window.
    expect(
      Object.values(all.series)
        .flat()
        .reduce((s, n) => s + n, 0),
    ).toBe(3);
    const mine = (await get(await login('scoped'), '/api/overview/alert-trend?days=7')).json() as { series: Record<string, number[]> };
    expect(mine.series.high?.at(-1)).toBe(1);
    expect(
      Object.values(mine.series)
        .flat()
        .reduce((s, n) => s + n, 0),
    ).toBe(2);
  });

  it('ranks top talkers by bytes and keeps a scoped user to their accounts', async () => {
    const all = (await get(await login('vic'), '/api/network/top-talkers')).json() as {
      items: { resourceId: string; inboundBytes: number; outboundBytes: number }[];
    };
    expect(all.items.map((t) => t.resourceId)).toEqual(['i-b1', 'i-a1']);
    expect(all.items[1]).toMatchObject({ inboundBytes: 1000, outboundBytes: 500, name: 'name-i-a1', account: A });
    const scoped = await login('scoped');
    expect(((await get(scoped, '/api/network/top-talkers')).json() as { items: { resourceId: string }[] }).items.map((t) => t.resourceId)).toEqual(['i-a1']);
    expect(((await get(scoped, `/api/network/top-talkers?account=${B}`)).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('serves posture by account and framework, scoped', async () => {
    const all = (await get(await login('vic'), '/api/overview/posture')).json() as {
      byAccount: { account: string; resources: number; findings: Record<string, number>; frameworks: Record<string, { fail: number; controls: number }> }[];
      byFramework: { framework: string; fail: number; controls: number }[];
    };
    expect(all.byAccount.map((a) => a.account)).toEqual([A, B]);
    expect(all.byAccount[0]).toMatchObject({ resources: 3, findings: { high: 1, low: 1, medium: 1 } });
    expect(all.byFramework.map((f) => f.framework)).toEqual(['cis-aws-5.0', 'nist-800-53-r5', 'pci-dss-4.0']);
    expect(cisCheck).toBeDefined();
    // One failing CIS check result in account B: at least one CIS control fails there and overall, none in A.
    expect(all.byAccount[1]?.frameworks['cis-aws-5.0']?.fail).toBeGreaterThan(0);
    expect(all.byAccount[0]?.frameworks['cis-aws-5.0']?.fail).toBe(0);
    expect(all.byFramework[0]?.fail).toBeGreaterThan(0);
    const mine = (await get(await login('scoped'), '/api/overview/posture')).json() as typeof all;
    expect(mine.byAccount.map((a) => a.account)).toEqual([A]);
    expect(mine.byFramework[0]?.fail).toBe(0);
  });

  it('walks the graph neighbourhood and drops nodes outside the scope', async () => {
    type G = { nodes: { id: string; hop: number }[]; edges: { from: string; to: string }[] };
    const one = (await get(await login('vic'), '/api/graph/vpc-a1?hops=1')).json() as G;
    expect(one.nodes.map((n) => n.id).sort()).toEqual(['sg-a1', 'vpc-a1']);
    const two = (await get(await login('vic'), '/api/graph/vpc-a1')).json() as G;
    expect(two.nodes.map((n) => n.id).sort()).toEqual(['i-a1', 'sg-a1', 'vpc-a1']);
    expect(two.nodes.find((n) => n.id === 'i-a1')?.hop).toBe(2);
    const all = (await get(await login('vic'), '/api/graph/i-a1')).json() as G;
    expect(all.nodes.map((n) => n.id).sort()).toEqual(['i-a1', 'sg-a1', 'sg-b1', 'vpc-a1']);
    expect(all.edges).toHaveLength(3);
    const scoped = await login('scoped');
    const mine = (await get(scoped, '/api/graph/i-a1')).json() as G;
    expect(mine.nodes.map((n) => n.id)).not.toContain('sg-b1');
    expect(mine.edges.every((e) => e.to !== 'sg-b1' && e.from !== 'sg-b1')).toBe(true);
    expect(mine.nodes.length).toBe(3);
    expect((await get(scoped, '/api/graph/i-b1')).statusCode).toBe(404);
  });

  it('shows an identity with its baseline, anomalies and findings, and hides other accounts', async () => {
    const alice = encodeURIComponent('arn:aws:iam::111111111111:user/alice');
    const r = (await get(await login('scoped'), `/api/identities/${alice}`)).json() as {
      baseline: { countries: { key: string }[] };
      anomalies: { factors: { factor: string }[] }[];
      findings: { ruleId: string }[];
    };
    expect(r.baseline.countries[0]?.key).toBe('DE');
    expect(r.anomalies[0]?.factors[0]?.factor).toBe('new-country');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['anomalous-behaviour']);
    const bob = encodeURIComponent('arn:aws:iam::222222222222:user/bob');
    expect((await get(await login('scoped'), `/api/identities/${bob}`)).statusCode).toBe(404);
    expect((await get(await login('vic'), `/api/identities/${bob}`)).statusCode).toBe(200);
  });

  it('exports a compliance report as CSV and HTML files, scoped', async () => {
    const vic = await login('vic');
    const csv = await get(vic, '/api/compliance/cis-aws-5.0?format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('cis-aws-5.0.csv');
    expect(csv.body.split('\n')[0]).toMatch(/^control,title,status/);
    expect(csv.body).toContain('i-b1');
    const html = await get(vic, '/api/compliance/cis-aws-5.0?format=html');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toMatch(/<html/i);
    const scoped = await get(await login('scoped'), '/api/compliance/cis-aws-5.0?format=csv');
    expect(scoped.headers['content-disposition']).toContain(`cis-aws-5.0-${A}.csv`);
    expect(scoped.body).not.toContain('i-b1');
  });
});
