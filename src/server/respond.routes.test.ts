import { randomBytes } from 'node:crypto';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsJson } from '../../test/support/fake-aws.js';
import { type FakeServer, startFakeServer } from '../../test/support/fake-server.js';
import type { SkywatchConfig } from '../core/config.js';
import { FALLBACK_IDS, loadFallback } from '../demo/alerts-fallback.js';
import { DEMO } from '../demo/story.js';
import { raiseAlerts } from '../engine/alerts/raise.js';
import { type Store, openStore } from '../store/index.js';
import { buildApp, listen } from './app.js';
import { hashPassword } from './auth/passwords.js';

/**
 * The issue-9 routes for integrations, routing, suppressions and remediation: authentication,
 * each role's allowed and denied actions, validation errors naming the field, keyset pages,
 * account scoping, the audit log, and the live event stream read by a real HTTP client.
 */
const PASSWORD = 'correct horse battery staple';
const PROD = DEMO.accounts.prod.id;
const ec2 = mockClient(EC2Client);

let store: Store;
let app: FastifyInstance;
let hook: FakeServer;
let dbAlert: string;
const key = randomBytes(32);
const config: SkywatchConfig = {
  integrations: [{ name: 'from-yaml', type: 'webhook', options: { url: 'http://127.0.0.1:9/never' }, allowPrivate: true }],
  routing: [{ name: 'yaml rule', match: { minSeverity: 'critical' }, to: ['from-yaml'] }],
  remediation: { twoPersonApproval: true },
};

type Session = { cookie: string; 'x-csrf-token': string };
const sessions = new Map<string, Session>();
async function as(user: string): Promise<Session> {
  const cached = sessions.get(user);
  if (cached) return cached;
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: PASSWORD } });
  const jar = (r.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
  const s = { cookie: jar, 'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken };
  sessions.set(user, s);
  return s;
}
async function call(user: string | null, method: string, url: string, payload?: unknown) {
  const headers = user ? await as(user) : {};
  const r = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as object }) });
  return { status: r.statusCode, body: (r.body ? r.json() : undefined) as Record<string, any> };
}

beforeAll(async () => {
  hook = await startFakeServer();
  hook.on('POST', '/hook', [{ status: 200, json: { ok: true } }]);
  hook.on('POST', '/broken', [{ status: 500, json: { error: 'down' } }]);
  store = await openStore({ sqliteFile: ':memory:' });
  await loadFallback(store);
  const raised = await raiseAlerts(store, { now: new Date(DEMO.now) });
  dbAlert = raised.opened.find((a) => (a.data as { anchorId?: string }).anchorId === FALLBACK_IDS.dbSg)?.id as string;
  for (const [u, role, scope] of [
    ['admin', 'admin', {}],
    ['admin2', 'admin', {}],
    ['ana', 'analyst', {}],
    ['vic', 'viewer', {}],
    ['prodana', 'analyst', { accounts: [PROD] }],
    ['otherana', 'analyst', { accounts: ['999999999999'] }],
  ] as const)
    await store.users.create({ username: u, passwordHash: await hashPassword(PASSWORD), role, scope: structuredClone(scope) as { accounts?: string[] } });
  // skywatch.yaml's integration is in the table, as `serve` syncs it at start.
  await store.integrations.create({
    name: 'from-yaml',
    type: 'webhook',
    version: 1,
    options: { url: 'http://127.0.0.1:9/never', allowPrivate: true },
    secret: null,
    enabled: true,
  });
  app = await buildApp({
    store,
    log: pino({ level: 'silent' }),
    key,
    config,
    loginPerMinute: 100,
    webDir: '/nonexistent',
    liveIntervalMs: 50,
    remediationContext: (account, region) => ({
      account,
      region,
      client: (C) => new C({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } } as never),
    }),
  });
});

afterAll(async () => {
  await app.close();
  await store.close();
  await hook.close();
});

describe('every new route requires authentication', () => {
  it.each([
    ['GET', '/api/integrations'],
    ['POST', '/api/integrations'],
    ['POST', '/api/integrations/x/test'],
    ['GET', '/api/routing'],
    ['POST', '/api/routing'],
    ['GET', '/api/suppressions'],
    ['POST', '/api/suppressions'],
    ['DELETE', '/api/suppressions/x'],
    ['GET', '/api/alerts/x/remediation/plan'],
    ['POST', '/api/alerts/x/remediation/apply'],
    ['GET', '/api/remediation/approvals'],
    ['POST', '/api/remediation/approvals/x/approve'],
    ['GET', '/api/events'],
  ])('%s %s → 401', async (method, url) => {
    expect((await call(null, method, url, method === 'GET' ? undefined : {})).status).toBe(401);
  });

  it('lists them in the OpenAPI document', async () => {
    const doc = (await call('vic', 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { 'x-permission': string }>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/integrations',
        '/api/integrations/{id}',
        '/api/integrations/{id}/test',
        '/api/routing',
        '/api/routing/{id}',
        '/api/suppressions',
        '/api/suppressions/{id}',
        '/api/alerts/{id}/remediation/plan',
        '/api/alerts/{id}/remediation/apply',
        '/api/remediation/approvals',
        '/api/remediation/approvals/{id}/approve',
        '/api/remediation/approvals/{id}/reject',
      ]),
    );
    expect(doc.paths['/api/integrations']?.post?.['x-permission']).toBe('admin');
    expect(doc.paths['/api/remediation/approvals/{id}/approve']?.post?.['x-permission']).toBe('remediate');
  });
});

describe('integrations', () => {
  let hookId: string;

  it('lets only admins add one, seals its credentials and names a bad field', async () => {
    const body = {
      name: 'ops-hook',
      type: 'webhook',
      options: { url: `${hook.url}/hook` },
      credentials: { secret: 'shh-very-secret-signing-key' },
      allowPrivate: true,
    };
    expect((await call('vic', 'POST', '/api/integrations', body)).status).toBe(403);
    expect((await call('ana', 'POST', '/api/integrations', body)).status).toBe(403);
    const r = await call('admin', 'POST', '/api/integrations', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'ops-hook', credentials: 'sealed', origin: 'store', readOnly: false, allowPrivate: true });
    expect(JSON.stringify(r.body)).not.toContain('shh-very-secret-signing-key');
    hookId = r.body.id;
    const stored = await store.integrations.get(hookId);
    expect(stored?.secret).toBeTruthy();
    expect(stored?.secret).not.toContain('shh-very-secret-signing-key');
    expect((await call('admin', 'POST', '/api/integrations', body)).body).toMatchObject({ field: 'name' });
    expect((await call('admin', 'POST', '/api/integrations', { ...body, name: 'x2', type: 'carrier-pigeon' })).body).toMatchObject({ field: 'type' });
    expect((await call('admin', 'POST', '/api/integrations', { ...body, name: 'x3', options: {} })).body).toMatchObject({ field: 'options.url' });
    expect((await call('admin', 'POST', '/api/integrations', { ...body, name: 'bad name!' })).body).toMatchObject({ field: 'name' });
    const audit = (await store.audit.list({ action: 'integration.create' }))[0];
    expect(audit).toMatchObject({ actor: 'admin' });
    expect(JSON.stringify(audit?.details)).not.toContain('shh-very-secret-signing-key');
  });

  it('tests the connection through the real client against the receiving server', async () => {
    expect((await call('ana', 'POST', `/api/integrations/${hookId}/test`, {})).status).toBe(403);
    const before = hook.received('POST', '/hook').length;
    const r = await call('admin', 'POST', `/api/integrations/${hookId}/test`, {});
    expect(r.body).toMatchObject({ ok: true });
    const got = hook.received('POST', '/hook').slice(before);
    expect(got).toHaveLength(1);
    // Signed with the sealed secret: the credentials were opened for the test.
    expect(got[0]?.headers['x-skywatch-signature']).toBeTruthy();
    expect((got[0]?.json as { event?: string } | undefined)?.event).toBe('test');
  });

  it('tests an AWS integration through its SDK client against the fake AWS JSON endpoint', async () => {
    const aws = await startFakeServer();
    awsJson(aws, {
      getQueueAttributes: (i) => ({ body: { Attributes: { QueueArn: `arn:aws:sqs:us-east-1:222222222222:${String(i.QueueUrl).split('/').pop()}` } } }),
    });
    try {
      const r = await call('admin', 'POST', '/api/integrations', {
        name: 'alerts-queue',
        type: 'sqs',
        options: { region: 'us-east-1', endpoint: aws.url, queueUrl: `${aws.url}/222222222222/alerts` },
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-real-secret' },
        allowPrivate: true,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((await call('admin', 'POST', `/api/integrations/${r.body.id}/test`, {})).body).toMatchObject({ ok: true });
      const got = aws.received('POST', '/');
      expect(got.map((g) => g.headers['x-amz-target'])).toEqual(['AmazonSQS.GetQueueAttributes']);
      // Signed with the sealed access key: the credentials were opened for the test.
      expect(got[0]?.headers.authorization).toContain('AKIDTEST');
      expect((await call('admin', 'DELETE', `/api/integrations/${r.body.id}`)).status).toBe(200);
    } finally {
      await aws.close();
    }
  });

  it('edits keep the sealed credentials unless new ones are given, and a failing test says why', async () => {
    const r = await call('admin', 'PUT', `/api/integrations/${hookId}`, { options: { url: `${hook.url}/broken` } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ credentials: 'sealed', options: { url: `${hook.url}/broken` } });
    const t = await call('admin', 'POST', `/api/integrations/${hookId}/test`, {});
    expect(t.body.ok).toBe(false);
    expect(t.body.error).toMatch(/500/);
    expect((await call('admin', 'PUT', `/api/integrations/${hookId}`, { colour: 'red' })).body.error).toMatch(/colour/);
  });

  it('lists with keyset pages; skywatch.yaml ones are read-only', async () => {
    for (const n of ['page-a', 'page-b'])
      await call('admin', 'POST', '/api/integrations', { name: n, type: 'webhook', options: { url: `${hook.url}/hook` }, allowPrivate: true });
    const first = await call('vic', 'GET', '/api/integrations?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await call('vic', 'GET', `/api/integrations?limit=2&after=${first.body.next}`);
    const all = [...first.body.items, ...second.body.items].map((i: { name: string }) => i.name).sort();
    expect(all).toEqual(['from-yaml', 'ops-hook', 'page-a', 'page-b']);
    const yaml = (await store.integrations.byName('from-yaml'))?.id as string;
    expect((await call('vic', 'GET', `/api/integrations/${yaml}`)).body.integration).toMatchObject({ origin: 'config', readOnly: true });
    expect((await call('admin', 'PUT', `/api/integrations/${yaml}`, { enabled: false })).status).toBe(409);
    expect((await call('admin', 'DELETE', `/api/integrations/${yaml}`)).status).toBe(409);
    const gone = (await store.integrations.byName('page-b'))?.id as string;
    expect((await call('ana', 'DELETE', `/api/integrations/${gone}`)).status).toBe(403);
    expect((await call('admin', 'DELETE', `/api/integrations/${gone}`)).status).toBe(200);
    expect(await store.integrations.byName('page-b')).toBeUndefined();
    expect((await store.audit.list({ action: 'integration.delete' }))[0]).toMatchObject({ actor: 'admin', target: gone });
  });
});

describe('routing rules', () => {
  it('admins manage stored rules after the skywatch.yaml ones; targets must exist', async () => {
    const rule = { name: 'prod to ops', match: { accounts: [PROD], minSeverity: 'high' }, to: ['ops-hook'] };
    expect((await call('ana', 'POST', '/api/routing', rule)).status).toBe(403);
    expect((await call('admin', 'POST', '/api/routing', { ...rule, to: ['nope'] })).body).toMatchObject({ field: 'to.0' });
    expect((await call('admin', 'POST', '/api/routing', { ...rule, match: { minSeverity: 'urgent' } })).body).toMatchObject({ field: 'match.minSeverity' });
    const created = await call('admin', 'POST', '/api/routing', rule);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const other = await call('admin', 'POST', '/api/routing', { match: { accounts: ['999999999999'] }, to: ['owner'] });
    const list = (await call('vic', 'GET', '/api/routing')).body.items as { id: string; origin: string; readOnly: boolean; rule: { name?: string } }[];
    expect(list.map((r) => [r.origin, r.readOnly])).toEqual([
      ['config', true],
      ['store', false],
      ['store', false],
    ]);
    expect((await call('admin', 'PUT', `/api/routing/${list[0]?.id}`, rule)).status).toBe(409);
    const put = await call('admin', 'PUT', `/api/routing/${created.body.id}`, { ...rule, to: ['ops-hook', 'team'] });
    expect(put.body.rule.to).toEqual(['ops-hook', 'team']);
    // The prod-scoped analyst does not see the rule naming another account.
    const scoped = (await call('prodana', 'GET', '/api/routing')).body.items as { id: string }[];
    expect(scoped.map((r) => r.id)).not.toContain(other.body.id);
    expect(scoped.map((r) => r.id)).toContain(created.body.id);
    expect((await call('admin', 'DELETE', `/api/routing/${other.body.id}`)).status).toBe(200);
    expect((await call('admin', 'DELETE', `/api/routing/${other.body.id}`)).status).toBe(404);
    expect((await store.audit.list({ action: 'routing.update' }))[0]).toMatchObject({ actor: 'admin', target: created.body.id });
  });
});

describe('suppressions', () => {
  it('analysts add rules that suppress findings now; viewers may not; the field is named', async () => {
    const body = { checkIds: ['aws-s3-bucket-*'], accounts: [PROD], reason: 'exports bucket is public by design', owner: 'data-team', expires: '2099-01-01' };
    expect((await call('vic', 'POST', '/api/suppressions', body)).status).toBe(403);
    expect((await call('ana', 'POST', '/api/suppressions', { reason: 'nothing matched' })).body).toMatchObject({ field: 'checkIds' });
    expect((await call('ana', 'POST', '/api/suppressions', { ...body, reason: '' })).body).toMatchObject({ field: 'reason' });
    expect((await call('ana', 'POST', '/api/suppressions', { ...body, expires: 'next tuesday' })).body).toMatchObject({ field: 'expires' });
    expect((await call('ana', 'POST', '/api/suppressions', { ...body, expires: '2001-01-01' })).body).toMatchObject({ field: 'expires' });
    const r = await call('ana', 'POST', '/api/suppressions', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.suppressed).toBeGreaterThan(0);
    expect(r.body.suppression).toMatchObject({ author: 'ana', owner: 'data-team', expiresAt: '2099-01-01T23:59:59.999Z' });
    const held = await store.findings.list({ status: 'suppressed' }, { limit: 100 });
    expect(held.items.length).toBe(r.body.suppressed);
    expect(held.items.every((f) => f.ruleId.startsWith('aws-s3-bucket-'))).toBe(true);
  });

  it('keeps scoped users to their accounts', async () => {
    const body = { checkIds: ['aws-iam-*'], reason: 'break-glass users' };
    expect((await call('prodana', 'POST', '/api/suppressions', body)).body).toMatchObject({ field: 'accounts' });
    expect((await call('prodana', 'POST', '/api/suppressions', { ...body, accounts: ['999999999999'] })).status).toBe(403);
    const unscoped = await call('ana', 'POST', '/api/suppressions', { ...body, regions: ['ap-*'] });
    const mine = await call('prodana', 'POST', '/api/suppressions', { ...body, accounts: [PROD] });
    expect(mine.status).toBe(200);
    const seen = ((await call('prodana', 'GET', '/api/suppressions')).body.items as { id: string }[]).map((s) => s.id);
    expect(seen).toContain(mine.body.suppression.id);
    expect(seen).not.toContain(unscoped.body.suppression.id);
    expect((await call('otherana', 'DELETE', `/api/suppressions/${mine.body.suppression.id}`)).status).toBe(404);
  });

  it('expiring a rule keeps it listed as inactive and re-opens its findings; pages by id', async () => {
    const list = (await call('ana', 'GET', '/api/suppressions?limit=1')).body;
    expect(list.items).toHaveLength(1);
    expect(list.next).toBeTruthy();
    const s3 = ((await call('ana', 'GET', '/api/suppressions?limit=100')).body.items as { id: string; reason: string; findings: number }[]).find((s) =>
      s.reason.startsWith('exports bucket'),
    );
    expect(s3?.findings).toBeGreaterThan(0);
    expect((await call('vic', 'DELETE', `/api/suppressions/${s3?.id}`)).status).toBe(403);
    const r = await call('ana', 'DELETE', `/api/suppressions/${s3?.id}`);
    expect(r.body).toMatchObject({ ok: true, reopened: s3?.findings });
    const after = ((await call('ana', 'GET', '/api/suppressions?active=false')).body.items as { id: string; active: boolean }[]).map((s) => s.id);
    expect(after).toContain(s3?.id);
    expect((await call('ana', 'DELETE', `/api/suppressions/${s3?.id}`)).status).toBe(409);
    expect((await store.audit.list({ action: 'suppression.expire' }))[0]).toMatchObject({ actor: 'ana', target: s3?.id });
  });

  it('alert suppress with createRule writes a rule for its findings', async () => {
    const alert = (await store.alerts.list({}, { limit: 100 })).items.find((a) => a.id !== dbAlert && (a.data as { ruleIds?: string[] }).ruleIds?.length);
    const r = await call('ana', 'POST', `/api/alerts/${alert?.id}/suppress`, { reason: 'accepted until the migration', createRule: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('suppressed');
    expect(r.body.suppressionRule).toMatchObject({ author: 'ana', reason: 'accepted until the migration' });
    expect(r.body.suppressionRule.match.checkIds).toEqual(expect.arrayContaining(((alert?.data ?? {}) as { ruleIds: string[] }).ruleIds.slice(0, 1)));
    expect(r.body.suppressedFindings).toBeGreaterThan(0);
    expect((await store.alerts.get(alert?.id as string))?.data).toMatchObject({ suppression: { rule: r.body.suppressionRule.id } });
  });
});

describe('remediation', () => {
  beforeEach(() => ec2.reset());

  it('plans without changing anything; viewers and other accounts may not', async () => {
    expect((await call('vic', 'GET', `/api/alerts/${dbAlert}/remediation/plan`)).status).toBe(403);
    expect((await call('otherana', 'GET', `/api/alerts/${dbAlert}/remediation/plan`)).status).toBe(404);
    const r = await call('prodana', 'GET', `/api/alerts/${dbAlert}/remediation/plan`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.items[0]).toMatchObject({
      remediationId: 'aws-ec2-security-group-revoke-world-ingress',
      status: 'planned',
      diff: ['# revoke internet ingress on tcp/5432 from sg-0a1b2c3d4e5f60002', '~ ingress tcp/5432: 0.0.0.0/0 → ∅'],
    });
    expect(r.body.items[0].apiCalls).toContain('ec2:RevokeSecurityGroupIngress');
    expect(ec2.calls()).toHaveLength(0);
    expect((await call('ana', 'GET', `/api/alerts/${dbAlert}/remediation/plan?remediation=nope`)).body).toMatchObject({ field: 'only' });
  });

  it('an apply request waits in the queue; a second admin approves it and it is applied', async () => {
    const req = await call('admin', 'POST', `/api/alerts/${dbAlert}/remediation/apply`, {});
    expect(req.status, JSON.stringify(req.body)).toBe(200);
    // twoPersonApproval: even an admin's own request waits.
    expect(req.body.items[0]).toMatchObject({ status: 'awaiting-approval', requestedBy: 'admin' });
    const runId = req.body.items[0].id as string;
    const queue = (await call('vic', 'GET', '/api/remediation/approvals')).body.items as { id: string }[];
    expect(queue.map((q) => q.id)).toContain(runId);
    expect(((await call('otherana', 'GET', '/api/remediation/approvals')).body.items as unknown[]).length).toBe(0);
    expect((await call('ana', 'POST', `/api/remediation/approvals/${runId}/approve`, {})).status).toBe(403);
    const self = await call('admin', 'POST', `/api/remediation/approvals/${runId}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error).toMatch(/someone else/);
    expect(ec2.calls()).toHaveLength(0);
    const ok = await call('admin2', 'POST', `/api/remediation/approvals/${runId}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ id: runId, status: 'applied', requestedBy: 'admin', approvedBy: 'admin2' });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input).toMatchObject({ GroupId: DEMO.database.securityGroup });
    expect((await call('admin2', 'POST', `/api/remediation/approvals/${runId}/approve`, {})).status).toBe(409);
    const audit = (await store.audit.list()).filter((a) => a.details.run === runId).map((a) => [a.actor, a.action]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ['admin2', 'remediation.approve'],
        ['admin2', 'remediation.apply'],
      ]),
    );
  });

  it('a rejection needs a reason and applies nothing', async () => {
    const req = await call('ana', 'POST', `/api/alerts/${dbAlert}/remediation/apply`, {});
    const runId = req.body.items[0].id as string;
    expect(req.body.items[0].status).toBe('awaiting-approval');
    expect((await call('admin', 'POST', `/api/remediation/approvals/${runId}/reject`, {})).body).toMatchObject({ field: 'reason' });
    const r = await call('admin', 'POST', `/api/remediation/approvals/${runId}/reject`, { reason: 'change freeze this week' });
    expect(r.body).toMatchObject({ status: 'refused', reason: 'rejected by admin: change freeze this week' });
    expect(ec2.calls()).toHaveLength(0);
    const refused = (await call('vic', 'GET', '/api/remediation/approvals?status=refused')).body.items as { id: string }[];
    expect(refused.map((x) => x.id)).toContain(runId);
    expect((await call('vic', 'GET', '/api/remediation/approvals?status=maybe')).body).toMatchObject({ field: 'status' });
  });
});

describe('live events', () => {
  it('streams scan progress, check stages and new alerts to a real HTTP client', async () => {
    const base = await listen(app, 0, '127.0.0.1');
    const headers = await as('vic');
    const res = await fetch(`${base}/api/events`, { headers: { cookie: headers.cookie } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    // A user scoped to another account shares the stream but must not hear of this account's alert.
    const other = await fetch(`${base}/api/events`, { headers: { cookie: (await as('otherana')).cookie } });
    const otherReader = (other.body as ReadableStream<Uint8Array>).getReader();
    const scanId = await store.scans.start('aws', {});
    await store.scans.saveCheckpoint(scanId, { done: ['111111111111/us-east-1/aws.ec2.instance', '111111111111/us-east-1/aws.s3.bucket'], total: 5 });
    const run = await store.checkRuns.start('full', {}, new Date().toISOString());
    const alert = await store.alerts.insert(
      {
        dedupKey: 'live-1',
        title: 'live alert',
        severity: 'high',
        riskScore: 50,
        factors: [],
        status: 'open',
        owner: null,
        assignee: null,
        dueAt: null,
        firstSeen: new Date().toISOString(),
        lastSeen: new Date().toISOString(),
        resolvedAt: null,
        data: { accounts: [PROD] },
      },
      'system',
    );
    const foreign = await store.alerts.insert({ ...alert, dedupKey: 'live-2', title: 'other account alert', data: { accounts: ['999999999999'] } }, 'system');
    let text = '';
    const want = [`"scanId":"${scanId}"`, `"runId":"${run}"`, `"id":"${alert.id}"`];
    const decoder = new TextDecoder();
    // Bounded: at most 100 reads (the watcher ticks every 50 ms); stop as soon as all three arrived.
    for (let i = 0; i < 100 && !want.every((w) => text.includes(w)); i++) {
      const chunk = await Promise.race([reader.read(), new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 200))]);
      if (chunk.value) text += decoder.decode(chunk.value);
      if (i === 10) await store.scans.finish(scanId, 'completed', { resources: 2 });
    }
    await reader.cancel();
    let otherText = '';
    for (let i = 0; i < 5; i++) {
      const chunk = await Promise.race([otherReader.read(), new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 100))]);
      if (chunk.value) otherText += decoder.decode(chunk.value);
    }
    await otherReader.cancel();
    expect(otherText).toContain(`"id":"${foreign.id}"`);
    expect(otherText).not.toContain(alert.id);
    // Scans span accounts: their progress goes to unscoped users only.
    expect(otherText).not.toContain(scanId);
    const events = text
      .split('\n\n')
      .filter((b) => b.startsWith('event: '))
      .map((b) => ({ type: b.slice(7, b.indexOf('\n')), data: JSON.parse(b.slice(b.indexOf('data: ') + 6)) as Record<string, unknown> }));
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'scan.progress', data: expect.objectContaining({ scanId, stage: 'discovery', done: 2, total: 5 }) },
        { type: 'scan.progress', data: expect.objectContaining({ runId: run, stage: 'checks', state: 'running' }) },
        { type: 'alert.new', data: expect.objectContaining({ id: alert.id, title: 'live alert', account: PROD }) },
      ]),
    );
  });
});
