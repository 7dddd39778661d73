import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import { openStore } from '../../store/index.js';
import { integrationUnits, saveIntegration } from '../respond/registry.js';
import { DIGEST_JOB, ESCALATE_JOB, runDigestJob, scheduleAlertJobs } from '../respond/run.js';
import { buildDigest } from './digest.js';
import { raiseAlerts } from './raise.js';

describe('daily digest', () => {
  it('summarises open alerts by severity, the new ones and the overdue ones, and is sent as one message', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    const server: FakeServer = await startFakeServer();
    try {
      await loadFallback(store);
      const now = new Date(DEMO.now);
      const r = await raiseAlerts(store, { now });
      const later = new Date(now.getTime() + 2 * 86_400_000);
      const d = await buildDigest(store, later);
      expect(Object.values(d.open).reduce((a, b) => a + b, 0)).toBe(r.opened.length);
      expect(d.new).toHaveLength(0);
      expect(d.overdue.map((o) => o.severity)).toEqual(expect.arrayContaining(['critical']));
      expect((await buildDigest(store, now)).new).toHaveLength(r.opened.length);
      server.on('POST', '/digest', [{ status: 200 }]);
      const key = randomBytes(32);
      await saveIntegration(store, key, integrationUnits(), {
        name: 'digest-hook',
        type: 'webhook',
        options: { url: `${server.url}/digest` },
        credentials: {},
        allowPrivate: true,
      });
      expect(await runDigestJob(store, key, { to: ['digest-hook', 'missing'] })).toEqual(['digest-hook']);
      const body = server.requests[0]?.json as { alert: { title: string; factors: string[] } } | undefined;
      expect(body?.alert.title).toMatch(/^Skywatch daily digest: \d+ open alerts/);
      expect(body?.alert.factors.join('\n')).toContain('critical');
      const q = new EmbeddedQueue();
      await q.start();
      expect(
        await scheduleAlertJobs(q, { alerts: { digest: { to: ['digest-hook'] } }, routing: [{ to: ['x'], escalate: { after: '1h', to: ['y'] } }] }),
      ).toEqual([ESCALATE_JOB, DIGEST_JOB]);
      await q.stop({ graceful: false });
    } finally {
      await server.close();
      await store.close();
    }
  });
});
