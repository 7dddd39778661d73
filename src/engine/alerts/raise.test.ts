import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_IDS, fallbackFindings, loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { type TestDialect, testDialects } from '../../../test/support/stores.js';
import type { Store } from '../../store/index.js';
import { acknowledge, assignAlert, resolveAlert, suppressAlert } from './lifecycle.js';
import { alertRuns, raiseAlerts } from './raise.js';
import { alertView } from './view.js';

const contacts = { bob: { name: 'Bob', email: DEMO.people.bob.email, slack: DEMO.people.bob.slack } };
const now = new Date(DEMO.now);

describe.each(testDialects().map((d) => [d.name, d] as const))('raiseAlerts on %s', (_n, dialect: TestDialect) => {
  let store: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    store = await dialect.open();
    await loadFallback(store);
  });
  afterEach(async () => store.dispose());

  it('puts the story on top: open database group + malicious traffic ⇒ critical, owner bob, with factors', async () => {
    const r = await raiseAlerts(store, { now, config: { contacts } });
    const all = [...r.opened].sort((a, b) => b.riskScore - a.riskScore);
    const top = all[0];
    expect(top?.severity).toBe('critical');
    expect(top?.title).toContain('Database security group open to the internet');
    expect(top?.owner).toBe('Bob');
    expect(top?.factors.join(' | ')).toContain('open to 0.0.0.0/0 on 5432');
    expect(top?.factors.join(' | ')).toContain('running PostgreSQL');
    expect(top?.factors.join(' | ')).toContain(`accepted traffic from ${DEMO.maliciousIp}, listed by 8 feeds, in the last 24 h`);
    const v = await alertView(store, top as NonNullable<typeof top>);
    expect(v.owner?.why).toContain('b7c4e0a2-demo-authorize-ingress');
    expect(v.findings.map((f) => f.ruleId).sort()).toEqual(['aws-ec2-security-group-no-world-ingress-db-ports', 'network-intel-inbound-accepted']);
  });

  it('makes one alert of many open ports on one group, and is idempotent', async () => {
    const r1 = await raiseAlerts(store, { now });
    const mongo = r1.opened.filter((a) => (a.data as { anchorId?: string }).anchorId === FALLBACK_IDS.mongoSg);
    expect(mongo).toHaveLength(1);
    expect((await store.alerts.findingIds(mongo[0]?.id as string)).length).toBe(DEMO.mongoHost.ports.length);
    const r2 = await raiseAlerts(store, { now });
    expect(r2.opened.length + r2.updated.length + r2.reopened.length + r2.resolved.length).toBe(0);
    expect(r2.unchanged).toBe(r1.opened.length);
    const runs = await alertRuns(store);
    expect(runs[0]?.unchanged).toBe(r1.opened.length);
    expect(runs[1]?.opened.length).toBe(r1.opened.length);
  });

  it('resolves when the next scan sees it fixed, and reopens on regression, with history', async () => {
    await raiseAlerts(store, { now });
    const later = new Date(now.getTime() + 3_600_000);
    await store.findings.resolveMissing({ source: 'config', ruleIds: ['aws-s3-bucket-not-public'], seenBefore: later.toISOString() }, later.toISOString());
    const r2 = await raiseAlerts(store, { now: later });
    expect(r2.resolved.map((a) => a.title)).toEqual([`Public bucket holding sensitive-tagged data: ${DEMO.buckets.customerExports.name}`]);
    const id = r2.resolved[0]?.id as string;
    const evenLater = new Date(later.getTime() + 3_600_000);
    const again = fallbackFindings()
      .filter((f) => f.ruleId === 'aws-s3-bucket-not-public')
      .map((f) => ({ ...f, seenAt: evenLater.toISOString() }));
    await store.findings.upsert(again);
    const r3 = await raiseAlerts(store, { now: evenLater });
    expect(r3.reopened.map((a) => a.id)).toEqual([id]);
    const h = await store.alerts.history(id);
    expect(h.map((e) => e.action)).toEqual(['opened', 'status:resolved', 'status:open']);
    expect(h[2]?.note).toContain('regression');
  });

  it('ack, assign, suppress with expiry: history names who; the run after expiry reopens', async () => {
    const r = await raiseAlerts(store, { now });
    const a = r.opened[0]?.id as string;
    const tick = () => new Promise((res) => setTimeout(res, 3));
    await tick();
    await acknowledge(store, a, 'carol');
    await tick();
    await assignAlert(store, a, 'carol', 'bob');
    await tick();
    await suppressAlert(store, a, 'carol', 'accepted risk until migration', new Date(now.getTime() + 86_400_000).toISOString(), now);
    await tick();
    expect((await raiseAlerts(store, { now: new Date(now.getTime() + 3_600_000) })).reopened).toHaveLength(0);
    expect((await store.alerts.get(a))?.status).toBe('suppressed');
    const r2 = await raiseAlerts(store, { now: new Date(now.getTime() + 2 * 86_400_000) });
    expect(r2.reopened.map((x) => x.id)).toContain(a);
    const h = await store.alerts.history(a);
    expect(h.map((e) => `${e.actor}:${e.action}`)).toEqual([
      'skywatch:opened',
      'carol:status:acknowledged',
      'carol:assigned',
      'carol:status:suppressed',
      'skywatch:status:open',
    ]);
    await resolveAlert(store, a, 'carol', 'fixed by hand');
    expect((await store.alerts.get(a))?.status).toBe('resolved');
  });

  it('sets due dates per severity from the SLA', async () => {
    const r = await raiseAlerts(store, { now, config: { alerts: { sla: { critical: '4h' } } } });
    const crit = r.opened.find((a) => a.severity === 'critical');
    expect(crit?.dueAt).toBe(new Date(now.getTime() + 4 * 3_600_000).toISOString());
    const med = r.opened.find((a) => a.severity === 'medium');
    if (med) expect(med.dueAt).toBe(new Date(now.getTime() + 30 * 86_400_000).toISOString());
  });
});
