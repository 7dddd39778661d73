import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadFallback } from '../src/demo/alerts-fallback.js';
import { DEMO } from '../src/demo/story.js';
import { openStore } from '../src/store/index.js';
import { type FakeServer, startFakeServer } from './support/fake-server.js';

const home = mkdtempSync(join(tmpdir(), 'sw-alerts-'));
async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], {
    env: { USER: 'carol' },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('skywatch alerts / integrations', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
    server.on('POST', '/hook', [{ status: 200 }]);
    const store = await openStore({ home });
    await loadFallback(store);
    await store.close();
  });
  afterAll(() => server.close());

  it('adds a webhook, tests it, raises alerts and delivers them before exiting', async () => {
    const add = await cli(
      'integrations',
      'add',
      'webhook',
      '--name',
      'hook',
      '--url',
      `${server.url}/hook`,
      '--secret',
      'sixteen-chars-secret!',
      '--allow-private',
    );
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('connection test passed');
    const list = await cli('integrations', 'list', '--format', 'json');
    const rows = JSON.parse(list.out);
    expect(rows[0]).toMatchObject({ name: 'hook', type: 'webhook', credentials: 'sealed', allowPrivate: true });
    expect(list.out).not.toContain('sixteen-chars-secret');
    const before = server.received('POST', '/hook').length;
    const raised = await cli('alerts', 'raise');
    expect(raised.code, raised.err).toBe(0);
    expect(raised.out).toMatch(/opened/);
    const alerts = JSON.parse((await cli('alerts', 'list', '--format', 'json')).out);
    expect(server.received('POST', '/hook').length - before).toBe(alerts.length);
    for (const k of ['id', 'title', 'severity', 'riskScore', 'factors', 'owner', 'status', 'resources', 'findings', 'firstSeen', 'lastSeen'])
      expect(alerts[0]).toHaveProperty(k);
    expect(alerts[0].severity).toBe('critical');
    expect(alerts[0].owner.name).toBe('bob');
    expect(alerts[0].factors.join(' ')).toContain(DEMO.maliciousIp);
  });

  it('ack, assign, suppress, show and diff', async () => {
    const [top] = JSON.parse((await cli('alerts', 'list', '--format', 'json')).out);
    expect((await cli('alerts', 'ack', top.id)).out).toContain('acknowledged');
    expect((await cli('alerts', 'assign', top.id, 'bob')).out).toContain('assigned to bob');
    const sup = await cli('alerts', 'suppress', top.id, '--reason', 'maintenance window', '--until', '2d');
    expect(sup.out).toContain('suppressed');
    const show = JSON.parse((await cli('alerts', 'show', top.id, '--format', 'json')).out);
    expect(show.history.map((h: { actor: string; action: string }) => `${h.actor}:${h.action}`)).toEqual([
      'skywatch:opened',
      'cli:carol:status:acknowledged',
      'cli:carol:assigned',
      'cli:carol:status:suppressed',
    ]);
    expect(show.deliveries.length).toBeGreaterThan(0);
    const diff = await cli('alerts', 'diff');
    expect(diff.out).toContain('opened');
    const bad = await cli('alerts', 'ack', 'alr_nope');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('no alert with id');
  });

  it('rejects a bad integration option naming the field', async () => {
    const r = await cli(
      'integrations',
      'add',
      'jira',
      '--name',
      'j',
      '--option',
      'projectKey=lowercase',
      '--url',
      'https://acme.atlassian.net',
      '--credential',
      'email=a@b.c',
      '--secret',
      't',
      '--no-test',
    );
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('options.projectKey');
  });
});
