import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { verifySignature } from '../../integrations/webhook/webhook.integration.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import { loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { type Store, openStore } from '../../store/index.js';
import { raiseAlerts } from '../alerts/raise.js';
import { DELIVER_JOB, type DeliveryEnv, deliveryHandler } from './deliver.js';
import { saveIntegration, integrationUnits } from './registry.js';
import { deliverChanges, escalate } from './routing.js';

const SECRET = 'a-long-enough-webhook-secret';

describe('delivery engine (webhook on 127.0.0.1)', () => {
  let store: Store;
  let server: FakeServer;
  let queue: EmbeddedQueue;
  let env: DeliveryEnv;
  const key = randomBytes(32);

  beforeEach(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
    await loadFallback(store);
    server = await startFakeServer();
    queue = new EmbeddedQueue();
    await queue.start();
    env = { store, key, queue, baseDelayMs: 50, maxAttempts: 3 };
    await queue.work(DELIVER_JOB, { concurrency: 2 }, async (job) => deliveryHandler(env, queue)(job.data));
    await saveIntegration(store, key, integrationUnits(), {
      name: 'hook',
      type: 'webhook',
      options: { url: `${server.url}/hook` },
      credentials: { secret: SECRET },
      allowPrivate: true,
    });
  });
  afterEach(async () => {
    await queue.stop({ graceful: false });
    await server.close();
    await store.close();
  });

  it('delivers each opened alert once, signed, and a second raise delivers nothing new', async () => {
    server.on('POST', '/hook', [{ status: 204 }]);
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    const n = await deliverChanges(env, r, {});
    await queue.drain(10_000);
    expect(n).toBe(r.opened.length);
    const got = server.received('POST', '/hook');
    expect(got).toHaveLength(r.opened.length);
    for (const req of got) {
      expect(verifySignature(SECRET, req.headers['x-skywatch-timestamp'] as string, req.body, req.headers['x-skywatch-signature'] as string)).toBe(true);
      expect(
        verifySignature('wrong-secret-wrong-secret', req.headers['x-skywatch-timestamp'] as string, req.body, req.headers['x-skywatch-signature'] as string),
      ).toBe(false);
      expect((req.json as { event: string }).event).toBe('alert.opened');
    }
    // The story alert (deliveries arrive in any order, and several alerts are critical): owned by Bob.
    const story = got
      .map((x) => (x.json as { alert: { title: string; severity: string; owner?: { name: string } } }).alert)
      .find((a) => a.title.includes('malicious address got in: orders-db'));
    expect(story?.severity).toBe('critical');
    expect(story?.owner?.name).toBe('bob');
    await deliverChanges(env, r, {});
    await queue.drain(10_000);
    expect(server.received('POST', '/hook')).toHaveLength(r.opened.length);
  });

  it('honours 429 Retry-After, retries a 500, and dead-letters a 400', async () => {
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    const [a, b, c] = r.opened;
    server.on('POST', '/hook', (req) => {
      const id = (req.json as { alert: { id: string } }).alert.id;
      const seen = server.requests.filter((x) => (x.json as { alert?: { id: string } })?.alert?.id === id).length;
      if (id === a?.id) return seen === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
      if (id === b?.id) return seen === 1 ? { status: 500 } : { status: 200 };
      if (id === c?.id) return { status: 400, json: { error: 'bad payload' } };
      return { status: 200 };
    });
    await deliverChanges(env, { ...r, opened: [a, b, c] as NonNullable<typeof a>[] }, {});
    await queue.drain(15_000);
    const times = server.requests.filter((x) => (x.json as { alert: { id: string } }).alert.id === a?.id).map((x) => x.at);
    expect(times).toHaveLength(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
    const da = (await store.deliveries.forAlert(a?.id as string))[0];
    const db = (await store.deliveries.forAlert(b?.id as string))[0];
    const dc = (await store.deliveries.forAlert(c?.id as string))[0];
    expect([da?.status, da?.attempts]).toEqual(['delivered', 2]);
    expect([db?.status, db?.attempts]).toEqual(['delivered', 2]);
    expect([dc?.status, dc?.attempts]).toEqual(['dead', 1]);
    expect(dc?.lastError).toContain('HTTP 400');
    const dead = await store.audit.list({ action: 'delivery.dead' });
    expect(dead.map((e) => e.target)).toEqual([dc?.id]);
    expect(await store.deliveries.list({ status: 'dead' })).toHaveLength(1);
  });

  it('gives up after maxAttempts of 500s and records the dead letter', async () => {
    server.on('POST', '/hook', [{ status: 503 }]);
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    await deliverChanges(env, { ...r, opened: r.opened.slice(0, 1) }, {});
    await queue.drain(10_000);
    expect(server.received('POST', '/hook')).toHaveLength(3);
    const d = (await store.deliveries.forAlert(r.opened[0]?.id as string))[0];
    expect([d?.status, d?.attempts]).toEqual(['dead', 3]);
  });

  it('refuses private targets unless allowPrivate is set', async () => {
    await saveIntegration(store, key, integrationUnits(), { name: 'hook', type: 'webhook', options: { url: `${server.url}/hook` }, credentials: {} });
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    await deliverChanges(env, { ...r, opened: r.opened.slice(0, 1) }, {});
    await queue.drain(10_000);
    expect(server.requests).toHaveLength(0);
    const d = (await store.deliveries.forAlert(r.opened[0]?.id as string))[0];
    expect(d?.status).toBe('dead');
    expect(d?.lastError).toMatch(/https|private/);
  });

  it('routes owner first and escalates an unacknowledged alert once', async () => {
    server.on('POST', '/hook', [{ status: 200 }]);
    server.on('POST', '/pager', [{ status: 200 }]);
    await saveIntegration(store, key, integrationUnits(), {
      name: 'pager',
      type: 'webhook',
      options: { url: `${server.url}/pager` },
      credentials: {},
      allowPrivate: true,
    });
    const routing = [{ match: { minSeverity: 'critical' as const }, to: ['hook'], escalate: { after: '1h', to: ['pager'] } }];
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    await deliverChanges(env, r, { routing });
    await queue.drain(10_000);
    const critical = r.opened.filter((a) => a.severity === 'critical');
    expect(server.received('POST', '/hook')).toHaveLength(critical.length);
    const later = new Date(Date.now() + 2 * 3_600_000);
    const esc = await escalate(env, { routing }, later);
    await queue.drain(10_000);
    expect(esc).toHaveLength(critical.length);
    expect(server.received('POST', '/pager')).toHaveLength(critical.length);
    expect(await escalate(env, { routing }, later)).toHaveLength(0);
    const h = await store.alerts.history(critical[0]?.id as string);
    expect(h.some((e) => e.action === 'escalated' && e.note?.includes('pager'))).toBe(true);
  });
});
