import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_IDS, fallbackFindings, loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { type TestDialect, testDialects } from '../../../test/support/stores.js';
import type { NewFinding } from '../../core/finding.js';
import type { Store } from '../../store/index.js';
import { acknowledge, assignAlert, resolveAlert, suppressAlert } from './lifecycle.js';
import { alertRuns, raiseAlerts } from './raise.js';
import { alertView } from './view.js';

const contacts = { bob: { name: 'Bob', email: DEMO.people.bob.email, slack: DEMO.people.bob.slack } };
const now = new Date(DEMO.now);
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

/**
 * Findings that leave context a choice to make on the fallback's MongoDB host: two known-exploited
 * CVEs of equal score beside a higher-scored one that is not, a port scan, and one listed address
 * seen twice — 30 hours ago and one hour ago.
 */
function ambiguousFindings(): NewFinding[] {
  const on = { resourceId: FALLBACK_IDS.mongo, resourceType: 'aws.ec2.instance', account: DEMO.accounts.prod.id, region: 'us-east-1' };
  const listed = { indicator: '45.148.10.240', listings: [{ feed: 'demo-ipsum', category: 'malicious' }] };
  const vuln = (cve: string, score: number, kev: boolean): NewFinding => ({
    ...on,
    source: 'vulnerability',
    ruleId: cve,
    title: `${cve} in a package`,
    severity: 'high',
    evidence: { cvss: { vector: 'CVSS:3.1/…', score }, kev: kev ? { dateAdded: '2024-05-30' } : null },
    attack: [],
    compliance: [],
    seenAt: hoursAgo(2),
  });
  const traffic = (ruleId: string, h: number): NewFinding => ({
    ...on,
    source: 'network',
    ruleId,
    title: `${ruleId} 45.148.10.240`,
    severity: 'high',
    evidence: { srcAddr: '45.148.10.240', dstPort: 27017, action: 'ACCEPT', intel: listed },
    attack: [],
    compliance: [],
    seenAt: hoursAgo(h),
  });
  return [
    vuln('CVE-2024-1351', 8.8, false),
    vuln('CVE-2024-1086', 7.8, true),
    vuln('CVE-2023-4911', 7.8, true),
    traffic('network-port-scan', 30),
    traffic('network-intel-inbound-accepted', 1),
  ];
}

/**
 * The store as raiseAlerts sees it, but handing findings back in a fixed shuffle of the store's
 * order: the orders same-millisecond ids can come back in, made repeatable (seed 0: as stored).
 */
function reading(store: Store, seed: number): Store {
  const findings = Object.create(store.findings) as Store['findings'];
  findings.list = async (filter, page) => {
    const p = await store.findings.list(filter, page);
    const items = [...p.items].sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : 1));
    let x = seed;
    for (let i = items.length - 1; i > 0 && seed; i--) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const j = x % (i + 1);
      [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
    }
    return { ...p, items };
  };
  return new Proxy(store, { get: (t, k) => (k === 'findings' ? findings : Reflect.get(t, k)) });
}

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

  /** What `look` sees after raising on a fresh copy of the fallback (plus `add`) read in each of several orders. */
  async function inOrders<T>(add: (s: Store) => Promise<void>, look: (s: Store) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const s = await dialect.open();
      try {
        await loadFallback(s);
        await add(s);
        out.push(await look(reading(s, seed)));
      } finally {
        await s.dispose();
      }
    }
    return out;
  }

  it('raises the same alerts, in the same words, whatever order the store returns findings in', async () => {
    const seen = await inOrders(
      async (s) => void (await s.findings.upsert(ambiguousFindings())),
      async (s) =>
        (await raiseAlerts(s, { now, config: { contacts } })).opened
          .map((a) => ({ key: a.dedupKey, title: a.title, severity: a.severity, risk: a.riskScore, owner: a.owner, factors: a.factors }))
          .sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
    const words = (seen[0] ?? []).flatMap((a) => a.factors);
    // The CVE named is the one that decides the risk; the window follows from the latest sighting.
    expect(words).toContain('CVE-2023-4911 is known to be exploited (CISA KEV)');
    expect(words.filter((w) => /^CVE-2024-(1086|1351) /.test(w))).toEqual([]);
    expect(words).toContain('accepted traffic from 45.148.10.240, listed by 1 feed, in the last 24 h');
    expect(words.filter((w) => w.includes('45.148.10.240') && w.includes('7 days'))).toEqual([]);
  });

  it('gives findings two combinations could claim to the same alert, whatever the read order', async () => {
    // A second public host behind the MongoDB group, with listed inbound traffic of its own: the
    // inbound-traffic combination of each host wants the group's open-port findings; one alert gets them.
    const mongo2 = FALLBACK_IDS.mongo.replace(/i-[0-9a-f]+$/, 'i-0b0b0b0b0b0b0b0b2');
    const addSecondHost = async (s: Store) => {
      const at = hoursAgo(24 * 30);
      await s.resources.upsertMany(
        [
          {
            provider: 'aws',
            id: mongo2,
            type: 'aws.ec2.instance',
            account: DEMO.accounts.prod.id,
            region: 'us-east-1',
            name: 'mongo-2',
            tags: {},
            config: { PublicIpAddress: '54.210.10.99', PrivateIpAddress: '10.0.1.99' },
          },
        ],
        { at },
      );
      await s.edges.replaceFrom([mongo2], [{ from: mongo2, to: FALLBACK_IDS.mongoSg, kind: 'uses-security-group' }], DEMO.accounts.prod.id, at);
      const inbound = ambiguousFindings().filter((f) => f.ruleId === 'network-intel-inbound-accepted');
      await s.findings.upsert([...inbound, ...inbound.map((f) => ({ ...f, resourceId: mongo2 }))]);
    };
    const homes = await inOrders(addSecondHost, async (s) => {
      const out: string[] = [];
      for (const a of (await raiseAlerts(s, { now })).opened)
        for (const f of await s.alerts.findingIds(a.id)) out.push(`${a.title} ← ${(await s.findings.get(f))?.title}`);
      return out.sort();
    });
    for (const other of homes.slice(1)) expect(other).toEqual(homes[0]);
  });

  it('sets due dates per severity from the SLA', async () => {
    const r = await raiseAlerts(store, { now, config: { alerts: { sla: { critical: '4h' } } } });
    const crit = r.opened.find((a) => a.severity === 'critical');
    expect(crit?.dueAt).toBe(new Date(now.getTime() + 4 * 3_600_000).toISOString());
    const med = r.opened.find((a) => a.severity === 'medium');
    if (med) expect(med.dueAt).toBe(new Date(now.getTime() + 30 * 86_400_000).toISOString());
  });
});
