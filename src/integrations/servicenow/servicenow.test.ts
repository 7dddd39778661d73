import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import servicenow from './servicenow.integration.js';

/** A small Table API: incidents with sys_id, number, state, correlation_id; sysparm_query on correlation_id and active. */
describe('servicenow integration', () => {
  let s: FakeServer;
  const rows = new Map<string, Record<string, string>>();
  beforeEach(async () => {
    rows.clear();
    s = await startFakeServer();
    const authed = (h: Record<string, string>) => h.authorization === `Basic ${Buffer.from('skywatch:pw').toString('base64')}`;
    s.on('GET', '/api/now/table/incident', (r) => {
      if (!authed(r.headers)) return { status: 401, json: { error: { message: 'User Not Authenticated' } } };
      const corr = /correlation_id=([^^]+)/.exec(r.query.get('sysparm_query') ?? '')?.[1];
      return { json: { result: [...rows.values()].filter((x) => !corr || (x.correlation_id === corr && x.active === 'true')) } };
    });
    s.on('POST', '/api/now/table/incident', (r) => {
      const sys_id = `sys${rows.size + 1}`;
      rows.set(sys_id, { ...(r.json as Record<string, string>), sys_id, number: `INC00${rows.size + 1}`, state: '1', active: 'true' });
      return { status: 201, json: { result: rows.get(sys_id) } };
    });
    s.on('PATCH', /^\/api\/now\/table\/incident\/\w+$/, (r) => {
      const row = rows.get(r.path.split('/').pop() as string);
      if (!row) return { status: 404 };
      Object.assign(row, r.json as Record<string, string>);
      if (row.state === '6') row.active = 'false';
      return { json: { result: row } };
    });
  });
  afterEach(() => s.close());
  const ctx = (pw = 'pw') => ctxFor(servicenow, { instanceUrl: s.url, assignmentGroup: 'cloud-sec' }, { username: 'skywatch', password: pw });

  it('creates an incident, updates it in place, resolves it with state 6', async () => {
    const a = samplePayload();
    const r = await servicenow.send(a, ctx());
    expect(rows.get(r.externalId as string)).toMatchObject({ correlation_id: a.dedupKey, urgency: '1', impact: '1', assignment_group: 'cloud-sec' });
    await servicenow.send(a, ctx());
    expect(rows.size).toBe(1);
    await servicenow.update?.({ ...a, riskScore: 80, severity: 'high' }, r.externalId as string, ctx());
    expect(rows.get(r.externalId as string)?.short_description).toContain('[high]');
    await servicenow.close?.({ ...a, status: 'resolved' }, r.externalId as string, ctx());
    expect(rows.get(r.externalId as string)).toMatchObject({ state: '6', close_code: 'Solved (Permanently)', active: 'false' });
  });

  it('test() fails on bad credentials without retry', async () => {
    await servicenow.test(ctx());
    const e = await servicenow.test(ctx('nope')).catch((x) => x);
    expect([e.retryable, /401/.test(e.message)]).toEqual([false, true]);
  });
});
