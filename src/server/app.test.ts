import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../core/resource.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { hashPassword } from './auth/passwords.js';

let store: Store;
let app: FastifyInstance;
const PASSWORD = 'correct horse battery staple';

const res = (id: string, account: string): ResourceRecord => ({
  id,
  type: 'aws.ec2.security-group',
  provider: 'aws',
  account,
  region: 'eu-west-1',
  name: id,
  tags: {},
  config: {},
});

async function login(username: string, password = PASSWORD) {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookies = r.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string }[];
  const jar = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { r, jar, csrf: (r.json() as { csrfToken?: string }).csrfToken ?? '', cookies };
}

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  for (const [u, role, scope] of [
    ['admin', 'admin', {}],
    ['ana', 'analyst', {}],
    ['vic', 'viewer', {}],
    ['scoped', 'analyst', { accounts: ['111111111111'] }],
    ['teamed', 'viewer', { teams: ['payments'] }],
  ] as const) {
    await store.users.create({
      username: u,
      passwordHash: await hashPassword(PASSWORD),
      role,
      scope: structuredClone(scope) as { accounts?: string[]; teams?: string[] },
    });
  }
  await store.accounts.upsert({ id: '222222222222', provider: 'aws', name: 'prod', parent: null, status: 'ACTIVE', team: 'payments', tags: {} });
  await store.resources.upsertMany(
    [...Array.from({ length: 5 }, (_, i) => res(`sg-a${i}`, '111111111111')), ...Array.from({ length: 3 }, (_, i) => res(`sg-b${i}`, '222222222222'))],
    { at: '2026-11-01T00:00:00.000Z' },
  );
  const base = {
    source: 'config' as const,
    title: 't',
    severity: 'high' as const,
    resourceType: 'aws.ec2.security-group',
    region: 'eu-west-1',
    evidence: {},
    attack: [],
    compliance: [],
    seenAt: '2026-11-01T00:00:00.000Z',
  };
  await store.findings.upsert([
    { ...base, ruleId: 'r1', resourceId: 'sg-a0', account: '111111111111' },
    { ...base, ruleId: 'r1', resourceId: 'sg-b0', account: '222222222222' },
  ]);
  for (const acct of ['111111111111', '222222222222']) {
    await store.alerts.insert(
      {
        dedupKey: `k-${acct}`,
        title: `alert ${acct}`,
        severity: 'high',
        riskScore: 70,
        factors: [],
        status: 'open',
        owner: null,
        assignee: null,
        dueAt: null,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-01T00:00:00.000Z',
        resolvedAt: null,
        data: { accounts: [acct] },
      },
      'system',
    );
  }
  app = await buildApp({ store, log: pino({ level: 'silent' }), key: randomBytes(32), loginPerMinute: 50, webDir: '/nonexistent' });
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('authentication', () => {
  it('serves /healthz without a login and refuses every API route without one', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    for (const url of [
      '/api/inventory',
      '/api/findings',
      '/api/alerts',
      '/api/scans',
      '/api/users',
      '/api/audit',
      '/api/openapi.json',
      '/api/auth/me',
      '/api/inventory/facets',
    ]) {
      expect((await app.inject(url)).statusCode, url).toBe(401);
    }
  });

  it('logs in with an HttpOnly, SameSite session cookie and audits failures', async () => {
    const bad = await login('ana', 'wrong password!!');
    expect(bad.r.statusCode).toBe(401);
    const { r, cookies } = await login('ana');
    expect(r.statusCode).toBe(200);
    const session = cookies.find((c) => c.name === 'sw_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite?.toLowerCase()).toBe('strict');
    expect((await store.audit.list({ action: 'auth.login-failed' })).some((e) => e.actor === 'ana')).toBe(true);
  });

  it('requires the CSRF token for cookie-authenticated state changes', async () => {
    const { jar, csrf } = await login('ana');
    const alert = (await store.alerts.getByKey('k-111111111111'))?.id;
    const without = await app.inject({ method: 'POST', url: `/api/alerts/${alert}/ack`, headers: { cookie: jar }, payload: {} });
    expect(without.statusCode).toBe(403);
    const withIt = await app.inject({
      method: 'POST',
      url: `/api/alerts/${alert}/ack`,
      headers: { cookie: jar, 'x-csrf-token': csrf },
      payload: { note: 'on it' },
    });
    expect(withIt.statusCode).toBe(200);
    expect((await store.alerts.history(alert as string)).at(-1)).toMatchObject({ actor: 'ana', toStatus: 'acknowledged', note: 'on it' });
    expect((await store.audit.list({ action: 'alert.ack' }))[0]).toMatchObject({ actor: 'ana', target: alert });
  });

  it('accepts API tokens, narrows them to their scope, and refuses them once revoked', async () => {
    const { jar, csrf } = await login('admin');
    const created = (
      await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: jar, 'x-csrf-token': csrf }, payload: { name: 'ci', role: 'viewer' } })
    ).json() as {
      id: string;
      token: string;
    };
    expect(created.token).toMatch(/^swt_/);
    const auth = { authorization: `Bearer ${created.token}` };
    expect((await app.inject({ url: '/api/inventory', headers: auth })).statusCode).toBe(200);
    // The token was made a viewer: it may not triage even though its owner is an admin.
    const alert = (await store.alerts.getByKey('k-222222222222'))?.id;
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${alert}/resolve`, headers: auth, payload: {} })).statusCode).toBe(403);
    await app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: { cookie: jar, 'x-csrf-token': csrf } });
    expect((await app.inject({ url: '/api/inventory', headers: auth })).statusCode).toBe(401);
  });

  it('rate-limits login attempts per client', async () => {
    const limited = await buildApp({ store, log: pino({ level: 'silent' }), key: randomBytes(32), loginPerMinute: 3, webDir: '/nonexistent' });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    await limited.close();
  });
});

describe('roles', () => {
  const cases: [string, string, string, number][] = [
    ['vic', 'GET', '/api/inventory', 200],
    ['vic', 'POST', '/api/alerts/:alert/ack', 403],
    ['vic', 'GET', '/api/users', 403],
    ['ana', 'POST', '/api/alerts/:alert/assign', 200],
    ['ana', 'GET', '/api/users', 403],
    ['ana', 'POST', '/api/users', 403],
    ['admin', 'GET', '/api/users', 200],
    ['admin', 'GET', '/api/audit', 200],
    ['admin', 'POST', '/api/users', 200],
  ];
  it.each(cases)('%s %s %s → %d', async (user, method, url, status) => {
    const { jar, csrf } = await login(user);
    const alert = (await store.alerts.getByKey('k-111111111111'))?.id as string;
    const payload = url.endsWith('assign')
      ? { assignee: 'ana' }
      : url === '/api/users'
        ? { username: `new-${user}-${Math.random().toString(36).slice(2, 6)}`, password: 'a long enough password', role: 'viewer' }
        : {};
    const r = await app.inject({
      method: method as 'GET',
      url: url.replace(':alert', alert),
      headers: { cookie: jar, 'x-csrf-token': csrf },
      ...(method !== 'GET' && { payload }),
    });
    expect(r.statusCode, r.body).toBe(status);
  });
});

describe('account scoping', () => {
  it('never shows another account on any list endpoint or detail', async () => {
    for (const user of ['scoped', 'teamed']) {
      const { jar } = await login(user);
      const allowed = user === 'scoped' ? '111111111111' : '222222222222';
      const get = async (url: string) => (await app.inject({ url, headers: { cookie: jar } })).json() as Record<string, unknown>;
      const inv = (await get('/api/inventory')).items as { account: string }[];
      expect(inv.length).toBeGreaterThan(0);
      expect(inv.every((r) => r.account === allowed)).toBe(true);
      expect(((await get('/api/inventory/facets')) as unknown as { account: string }[]).every((f) => f.account === allowed)).toBe(true);
      expect(((await get('/api/findings')).items as { account: string }[]).map((f) => f.account)).toEqual([allowed]);
      expect(((await get('/api/alerts')).items as { data: { accounts: string[] } }[]).map((a) => a.data.accounts[0])).toEqual([allowed]);
      const other = allowed === '111111111111' ? '222222222222' : '111111111111';
      expect(((await get(`/api/inventory?account=${other}`)).items as unknown[]).length).toBe(0);
      expect(((await get(`/api/findings?account=${other}`)).items as unknown[]).length).toBe(0);
      const foreign = other === '111111111111' ? 'sg-a1' : 'sg-b1';
      expect((await app.inject({ url: `/api/inventory/${foreign}`, headers: { cookie: jar } })).statusCode).toBe(404);
      const foreignAlert = (await store.alerts.getByKey(`k-${other}`))?.id;
      expect((await app.inject({ url: `/api/alerts/${foreignAlert}`, headers: { cookie: jar } })).statusCode).toBe(404);
    }
  });
});

describe('validation, pagination, headers and OpenAPI', () => {
  it('rejects bad input with a message naming the field', async () => {
    const { jar } = await login('vic');
    const bad = async (url: string) => (await app.inject({ url, headers: { cookie: jar } })).json() as { error: string; field?: string };
    expect(await bad('/api/inventory?limit=5000')).toMatchObject({ field: 'limit' });
    expect(await bad('/api/findings?severity=urgent')).toMatchObject({ field: 'severity' });
    expect((await bad('/api/inventory?colour=blue')).error).toMatch(/colour/);
    const login400 = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(login400.json()).toMatchObject({ field: 'password' });
  });

  it('pages with a keyset cursor', async () => {
    const { jar } = await login('vic');
    const first = (await app.inject({ url: '/api/inventory?limit=3', headers: { cookie: jar } })).json() as { items: { id: string }[]; next: string };
    const second = (await app.inject({ url: `/api/inventory?limit=3&after=${first.next}`, headers: { cookie: jar } })).json() as { items: { id: string }[] };
    expect(first.items.map((r) => r.id)).toEqual(['sg-a0', 'sg-a1', 'sg-a2']);
    expect(second.items.map((r) => r.id)).toEqual(['sg-a3', 'sg-a4', 'sg-b0']);
  });

  it('sends security headers and an OpenAPI 3.1 document', async () => {
    const { jar } = await login('vic');
    const r = await app.inject({ url: '/api/openapi.json', headers: { cookie: jar } });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    const doc = r.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/inventory', '/api/inventory/{id}', '/api/alerts/{id}/ack', '/api/findings']));
  });
});

describe('compliance, vulnerabilities, exposure and identities', () => {
  it('serves a compliance report per framework and names a bad one', async () => {
    const { jar } = await login('vic');
    const r = await app.inject({ url: '/api/compliance/cis-aws-5.0', headers: { cookie: jar } });
    expect(r.statusCode).toBe(200);
    const report = r.json() as { framework: string; summary: { controls: number }; controls: { control: string; status: string }[] };
    expect(report.framework).toBe('cis-aws-5.0');
    expect(report.summary.controls).toBe(report.controls.length);
    expect(report.controls.length).toBeGreaterThan(50);
    // Nothing was checked in this store: no control can be a pass.
    expect(report.controls.some((c) => c.status === 'pass')).toBe(false);
    const bad = await app.inject({ url: '/api/compliance/iso-27001', headers: { cookie: jar } });
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toMatchObject({ field: 'framework' });
  });

  it('keeps scoped users to their accounts on these routes too', async () => {
    const { jar } = await login('scoped');
    const mine = await app.inject({ url: '/api/compliance/pci-dss-4.0', headers: { cookie: jar } });
    expect((mine.json() as { account: string }).account).toBe('111111111111');
    expect((await app.inject({ url: '/api/compliance/pci-dss-4.0?account=222222222222', headers: { cookie: jar } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/exposure/sg-b0', headers: { cookie: jar } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/exposure/sg-a0', headers: { cookie: jar } })).json()).toMatchObject({ resource: { id: 'sg-a0' }, exposure: null });
    const v = (await app.inject({ url: '/api/vulnerabilities', headers: { cookie: jar } })).json() as { items: { account: string }[] };
    expect(v.items.every((x) => x.account === '111111111111')).toBe(true);
    const ids = (await app.inject({ url: '/api/identities?account=222222222222', headers: { cookie: jar } })).json() as { items: unknown[] };
    expect(ids.items).toEqual([]);
    const teamed = await login('teamed');
    // One team, one account: the report defaults to it.
    expect(((await app.inject({ url: '/api/compliance/cis-aws-5.0', headers: { cookie: teamed.jar } })).json() as { account: string }).account).toBe(
      '222222222222',
    );
  });
});
