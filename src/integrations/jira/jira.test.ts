import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import jira, { dedupLabel } from './jira.integration.js';

/**
 * A small Jira Cloud: issues with labels, JQL search by label, edit, comments and transitions,
 * Basic auth with email:token. `loseNextCreateResponse` stores the issue and answers 502, the
 * case where a naive client would create a duplicate on retry.
 */
function fakeJira(s: FakeServer) {
  const issues = new Map<string, { key: string; summary: string; labels: string[]; status: string; comments: number }>();
  let n = 0;
  const state = { loseNextCreateResponse: false };
  const authed = (h: Record<string, string>) => h.authorization === `Basic ${Buffer.from('sec@acme.example:tok').toString('base64')}`;
  s.on('GET', '/rest/api/3/myself', (r) => (authed(r.headers) ? { json: { accountId: 'x' } } : { status: 401 }));
  s.on('GET', /^\/rest\/api\/3\/project\/\w+$/, (r) =>
    r.path.endsWith('/SEC') ? { json: { key: 'SEC' } } : { status: 404, json: { errorMessages: ['No project'] } },
  );
  s.on('POST', '/rest/api/3/search/jql', (r) => {
    const label = /labels = "([^"]+)"/.exec((r.json as { jql: string }).jql)?.[1];
    return {
      json: {
        issues: [...issues.values()].filter((i) => label && i.labels.includes(label)).map((i) => ({ key: i.key, fields: { status: { name: i.status } } })),
      },
    };
  });
  s.on('POST', '/rest/api/3/issue', (r) => {
    if (!authed(r.headers)) return { status: 401 };
    const f = (r.json as { fields: { summary: string; labels: string[]; project: { key: string } } }).fields;
    const key = `${f.project.key}-${++n}`;
    issues.set(key, { key, summary: f.summary, labels: f.labels, status: 'To Do', comments: 0 });
    if (state.loseNextCreateResponse) {
      state.loseNextCreateResponse = false;
      return { status: 502 };
    }
    return { status: 201, json: { id: String(10000 + n), key } };
  });
  s.on('PUT', /^\/rest\/api\/3\/issue\/[\w-]+$/, (r) => {
    const i = issues.get(r.path.split('/').pop() as string);
    if (!i) return { status: 404 };
    i.summary = (r.json as { fields: { summary: string } }).fields.summary;
    return { status: 204 };
  });
  s.on('POST', /\/comment$/, (r) => {
    const i = issues.get(r.path.split('/')[5] as string);
    if (i) i.comments++;
    return { status: 201, json: { id: '1' } };
  });
  s.on('GET', /\/transitions$/, () => ({
    json: {
      transitions: [
        { id: '11', name: 'Start', to: { statusCategory: { key: 'indeterminate' } } },
        { id: '31', name: 'Done', to: { statusCategory: { key: 'done' } } },
      ],
    },
  }));
  s.on('POST', /\/transitions$/, (r) => {
    const i = issues.get(r.path.split('/')[5] as string);
    if (i && (r.json as { transition: { id: string } }).transition.id === '31') i.status = 'Done';
    return { status: 204 };
  });
  return { issues, state };
}

describe('jira integration', () => {
  let s: FakeServer;
  let j: ReturnType<typeof fakeJira>;
  beforeEach(async () => {
    s = await startFakeServer();
    j = fakeJira(s);
  });
  afterEach(() => s.close());
  const ctx = () => ctxFor(jira, { baseUrl: s.url, projectKey: 'SEC' }, { email: 'sec@acme.example', apiToken: 'tok' });

  it('creates one issue per alert, updates it on change, transitions it on resolve', async () => {
    const a = samplePayload();
    const r = await jira.send(a, ctx());
    expect(r.externalId).toBe('SEC-1');
    expect(j.issues.get('SEC-1')?.labels).toContain(dedupLabel(a));
    await jira.update?.({ ...a, severity: 'high', title: 'changed' }, 'SEC-1', ctx());
    expect(j.issues.get('SEC-1')?.summary).toBe('[high] changed');
    await jira.close?.({ ...a, status: 'resolved' }, 'SEC-1', ctx());
    expect(j.issues.get('SEC-1')).toMatchObject({ status: 'Done', comments: 1 });
    expect(j.issues.size).toBe(1);
  });

  it('never duplicates: a retried create after a lost response finds the issue by its label', async () => {
    j.state.loseNextCreateResponse = true;
    const a = samplePayload();
    const e = await jira.send(a, ctx()).catch((x) => x);
    expect(e.retryable).toBe(true);
    const r = await jira.send(a, ctx());
    expect(r.externalId).toBe('SEC-1');
    expect(j.issues.size).toBe(1);
    expect(s.received('POST', '/rest/api/3/issue')).toHaveLength(1);
  });

  it('test() checks the credentials and the project', async () => {
    await jira.test(ctx());
    const bad = ctxFor(jira, { baseUrl: s.url, projectKey: 'NOPE' }, { email: 'sec@acme.example', apiToken: 'tok' });
    expect((await jira.test(bad).catch((x) => x)).message).toContain('404');
  });
});
