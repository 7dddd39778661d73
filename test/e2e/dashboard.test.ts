import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, listen } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { openStore, type Store } from '../../src/store/index.js';

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core): log in, open every
 * page, acknowledge and suppress alerts, follow a resource's history. Screenshots go to
 * test-artifacts/screens for people to look at.
 */
const CHROMIUM = process.env.SKYWATCH_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-artifacts/screens');
const PASSWORD = 'a demo password 123';

let store: Store;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

async function seed(s: Store) {
  await s.users.create({ username: 'admin', passwordHash: await hashPassword(PASSWORD), role: 'admin', scope: {} });
  await s.accounts.upsert({ id: '222222222222', provider: 'aws', name: 'acme-prod', parent: null, status: 'ACTIVE', team: 'payments', tags: {} });
  const sg = {
    id: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-0a1b2c3d4e5f60002',
    type: 'aws.ec2.security-group',
    provider: 'aws' as const,
    account: '222222222222',
    region: 'us-east-1',
    name: 'orders-db-sg',
    tags: { team: 'payments' },
    config: { GroupId: 'sg-0a1b2c3d4e5f60002', IpPermissions: [{ FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] },
  };
  await s.resources.upsertMany([sg], { at: '2026-11-10T09:00:00.000Z' });
  await s.resources.upsertMany([{ ...sg, config: { ...sg.config, IpPermissions: [{ FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } }], {
    at: '2026-11-14T16:20:00.000Z',
    actor: 'arn:aws:iam::222222222222:user/bob',
  });
  const f = await s.findings.upsert([
    {
      source: 'config',
      ruleId: 'aws-ec2-security-group-postgresql-restricted',
      title: 'Security group open to the world on PostgreSQL (5432)',
      severity: 'high',
      resourceId: sg.id,
      resourceType: sg.type,
      account: sg.account,
      region: sg.region,
      evidence: { port: 5432, cidr: '0.0.0.0/0' },
      attack: [],
      compliance: [],
      seenAt: '2026-11-14T17:00:00.000Z',
    },
    {
      source: 'network',
      ruleId: 'aws-vpc-flow-inbound-from-listed-address',
      title: 'Accepted inbound traffic from a listed address',
      severity: 'high',
      resourceId: sg.id,
      resourceType: sg.type,
      account: sg.account,
      region: sg.region,
      evidence: { peer: '93.174.95.106' },
      attack: ['T1190'],
      compliance: [],
      seenAt: '2026-11-15T02:00:00.000Z',
    },
  ]);
  for (const [key, title, score] of [
    ['db', 'Open database security group receiving traffic from a malicious address', 96],
    ['bucket', 'Public bucket holding confidential data', 81],
  ] as const) {
    const a = await s.alerts.insert(
      {
        dedupKey: key,
        title,
        severity: 'critical',
        riskScore: score,
        factors: ['security group open to 0.0.0.0/0 on 5432', 'accepted traffic from 93.174.95.106, listed by 8 feeds'],
        status: 'open',
        owner: 'bob',
        assignee: null,
        dueAt: null,
        firstSeen: '2026-11-15T02:00:00.000Z',
        lastSeen: '2026-11-15T02:00:00.000Z',
        resolvedAt: null,
        data: { accounts: ['222222222222'] },
      },
      'system',
    );
    await s.alerts.linkFindings(
      a.id,
      f.created.map((x) => x.id),
    );
  }
}

const haveChromium = existsSync(CHROMIUM);
const shot = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/-$/, '');
/** Debian's chromium, headless, with the flags that keep it from reaching the network. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

if (!haveChromium) console.warn(`\n*** ${CHROMIUM} not found: dashboard end-to-end tests are SKIPPED (apt-get install chromium). ***\n`);

describe.skipIf(!haveChromium)('dashboard in headless Chromium', () => {
  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', resolve(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    mkdirSync(SHOTS, { recursive: true });
    store = await openStore({ sqliteFile: ':memory:' });
    await seed(store);
    app = await buildApp({ store, log: pino({ level: 'silent' }), key: randomBytes(32) });
    base = await listen(app, 0, '127.0.0.1');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('logs in', async () => {
    await page.goto(base);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('admin');
    await page.screenshot({ path: `${SHOTS}/overview.png` });
  });

  it('opens every page from the navigation', async () => {
    const links = await page.locator('nav a').allTextContents();
    expect(links).toEqual([
      'Overview',
      'Alerts',
      'Inventory',
      'Findings',
      'Compliance',
      'Activity',
      'Network',
      'Vulnerabilities',
      'Scans & coverage',
      'Remediation',
      'Settings',
    ]);
    for (const name of links) {
      await page.locator('nav a', { hasText: name }).click();
      await expect.poll(() => page.locator('h2').first().textContent()).toBe(name);
      // The demo block below writes the main <page>.png from richer data; these are the seeded store's.
      await page.screenshot({ path: `${SHOTS}/seeded-${shot(name)}.png` });
    }
  });

  it('acknowledges one alert and suppresses another, and the history says who', async () => {
    await page.locator('nav a', { hasText: 'Alerts' }).click();
    await page.getByText('Open database security group receiving traffic from a malicious address').click();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('alert-status').textContent()).toContain('acknowledged');
    await page.screenshot({ path: `${SHOTS}/alert-detail.png` });
    await page.locator('nav a', { hasText: 'Alerts' }).click();
    await page.getByText('Public bucket holding confidential data').click();
    await page.getByLabel('Suppression reason').fill('accepted risk until the migration');
    await page.getByRole('button', { name: 'Suppress' }).click();
    await expect.poll(() => page.getByTestId('alert-status').textContent()).toContain('suppressed');
    const db = await store.alerts.getByKey('db');
    expect((await store.alerts.history(db?.id as string)).at(-1)).toMatchObject({ actor: 'admin', toStatus: 'acknowledged' });
  });

  it('follows a finding to its resource and shows who changed it', async () => {
    await page.locator('nav a', { hasText: 'Findings' }).click();
    await page
      .getByRole('link', { name: /sg-0a1b2c3d4e5f60002/ })
      .first()
      .click();
    await page.getByRole('tab', { name: /Changes/ }).click();
    await expect.poll(() => page.getByText('arn:aws:iam::222222222222:user/bob').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('0.0.0.0/0').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/resource-changes.png` });
  });
});

describe.skipIf(!haveChromium)('dashboard on the demo organisation', () => {
  let demoStore: Store;
  let demoApp: FastifyInstance;
  let demoBrowser: Browser;
  let p: Page;
  let url: string;

  beforeAll(async () => {
    const { DEMO_STAGES, runStages } = await import('../../src/engine/pipeline.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const home = mkdtempSync(resolve(tmpdir(), 'sw-e2e-demo-'));
    demoStore = await openStore({ home });
    await runStages(DEMO_STAGES, { store: demoStore, log: pino({ level: 'silent' }), home, demoDir: resolve(ROOT, 'demo'), facts: new Map() });
    await demoStore.users.create({ username: 'admin', passwordHash: await hashPassword(PASSWORD), role: 'admin', scope: {} });
    demoApp = await buildApp({ store: demoStore, log: pino({ level: 'silent' }), key: randomBytes(32) });
    url = await listen(demoApp, 0, '127.0.0.1');
    demoBrowser = await launchChromium();
    p = await demoBrowser.newPage({ viewport: { width: 1440, height: 900 } });
  }, 300_000);

  afterAll(async () => {
    await demoBrowser?.close();
    await demoApp?.close();
    await demoStore?.close();
  });

  it('shows the demo on every page, with the story alert on top', async () => {
    await p.goto(url);
    await p.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => p.getByTestId('whoami').textContent()).toContain('admin');
    await expect.poll(async () => Number(await p.getByTestId('resource-count').textContent())).toBeGreaterThan(100);
    // The overview's charts load ECharts lazily: wait for the canvas before the screenshot.
    await expect.poll(() => p.locator('[data-testid="alert-trend"] canvas').count()).toBeGreaterThan(0);
    await expect
      .poll(() =>
        p
          .getByTestId('posture-frameworks')
          .getByText(/pass · \d+ fail/)
          .count(),
      )
      .toBe(3);
    await expect.poll(() => p.getByTestId('top-risk').count()).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
    const links = await p.locator('nav a').allTextContents();
    for (const name of links.filter((l) => l !== 'Overview')) {
      await p.locator('nav a', { hasText: name }).click();
      await expect.poll(() => p.locator('h2').first().textContent()).toBe(name);
      await p.waitForLoadState('networkidle');
      await p.screenshot({ path: `${SHOTS}/${shot(name)}.png` });
    }
    await p.locator('nav a', { hasText: 'Alerts' }).click();
    // Sorted by risk: the open database security group reached by a listed address is among the first rows.
    await expect.poll(() => p.getByText(/Database security group open to the internet, and a malicious address got in: orders-db/).count()).toBeGreaterThan(0);
    await p
      .getByText(/malicious address got in: orders-db/)
      .first()
      .click();
    await expect.poll(() => p.getByTestId('alert-status').textContent()).toContain('owner Bob');
    await p.screenshot({ path: `${SHOTS}/demo-top-alert.png` });
  });

  it('drills from a compliance framework to a failing control and exports the report as CSV', async () => {
    await p.locator('nav a', { hasText: 'Compliance' }).click();
    await p.locator('label', { hasText: 'pci-dss-4.0' }).click();
    await expect.poll(async () => Number(await p.getByTestId('summary-fail').textContent())).toBeGreaterThan(0);
    await p.locator('label', { hasText: 'cis-aws-5.0' }).click();
    await expect.poll(async () => Number(await p.getByTestId('summary-fail').textContent())).toBeGreaterThan(0);
    // Only failing controls, then the first one: its failing resources link to their pages.
    await p.getByTestId('summary-fail').click();
    await p.getByTestId('data-table').locator('tbody tr[style*="cursor"]').first().click();
    await expect.poll(() => p.getByTestId('failing-resource').count()).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/compliance-control.png`, fullPage: true });
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe('cis-aws-5.0.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^control,title,status,pass,fail/);
    expect(csv.split('\n').filter((l) => /,fail,/.test(l)).length).toBeGreaterThan(0);
    const first = await p.getByTestId('failing-resource').first().textContent();
    await p.getByTestId('failing-resource').first().click();
    await expect.poll(() => p.locator('code').first().textContent()).toBe(first);
  });

  it('ranks vulnerabilities with why, and follows the host to its exposure path and graph', async () => {
    await p.locator('nav a', { hasText: 'Vulnerabilities' }).click();
    await expect.poll(() => p.getByTestId('vuln-risk').count()).toBeGreaterThan(0);
    const risks = (await p.getByTestId('vuln-risk').allTextContents()).map(Number);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    // The top one is a known-exploited CVE on an internet-reachable host: the row says so.
    const top = p.getByTestId('data-table').locator('tbody tr[style*="cursor"]').first();
    await expect.poll(() => top.getByText('KEV', { exact: true }).count()).toBe(1);
    await expect.poll(() => top.getByText('internet', { exact: true }).count()).toBe(1);
    await top.click();
    await expect
      .poll(() =>
        p
          .getByTestId('vuln-detail')
          .getByText(/known exploited: CISA KEV/)
          .count(),
      )
      .toBe(1);
    await expect.poll(() => p.getByTestId('exposure-hop').count()).toBeGreaterThan(3);
    const hops = await p.getByTestId('exposure-hop').allTextContents();
    expect(hops.map((h) => h.split(' ')[0])).toEqual(expect.arrayContaining(['Internet', 'Route', 'Network', 'Security']));
    await p.screenshot({ path: `${SHOTS}/vulnerability-detail.png` });
    await p.getByRole('button', { name: 'Open resource page' }).click();
    await p.getByRole('tab', { name: 'Exposure' }).click();
    await expect.poll(() => p.getByTestId('exposure-verdict').textContent()).toBe('Reachable from the internet');
    await expect.poll(() => p.getByTestId('exposure-hop').count()).toBeGreaterThan(3);
    await p.screenshot({ path: `${SHOTS}/resource-exposure.png`, fullPage: true });
    await p.getByRole('tab', { name: /Relationships/ }).click();
    await expect.poll(async () => Number(await p.getByTestId('graph').getAttribute('data-node-count'))).toBeGreaterThan(1);
    expect(await p.getByTestId('graph').locator('canvas').count()).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/resource-graph.png` });
    // Clicking a neighbour in the graph opens that resource's page.
    const drawn = JSON.parse((await p.getByTestId('graph').getAttribute('data-nodes')) ?? '[]') as {
      id: string;
      hop: number;
      known: boolean;
      x: number;
      y: number;
    }[];
    const sg = drawn.find((n) => n.hop === 1 && n.known && n.id.includes(':security-group/'));
    expect(sg).toBeDefined();
    const box = await p.getByTestId('graph').boundingBox();
    await p.mouse.click((box?.x ?? 0) + (sg?.x ?? 0), (box?.y ?? 0) + (sg?.y ?? 0));
    await expect.poll(() => p.locator('code').first().textContent()).toBe(sg?.id);
  });

  it('opens an identity with its anomalies, the baseline they break, and its timeline', async () => {
    await p.locator('nav a', { hasText: 'Activity' }).click();
    await expect.poll(() => p.getByTestId('identity-row').count()).toBeGreaterThan(1);
    // Sorted by anomalies: the first identity has some.
    await p.getByTestId('identity-row').first().click();
    await expect.poll(() => p.getByTestId('anomalies').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect
      .poll(() =>
        p
          .getByTestId('anomalies')
          .getByText(/baseline|never|first|usual|new/i)
          .count(),
      )
      .toBeGreaterThan(0);
    await expect.poll(() => p.getByTestId('identity-timeline').locator('.mantine-Timeline-item').count()).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/identity.png`, fullPage: true });
  });

  it('shows intel hits, scans, mining and top talkers on the network page', async () => {
    await p.locator('nav a', { hasText: 'Network' }).click();
    for (const group of ['intel', 'scans', 'mining']) await expect.poll(() => p.getByTestId(`network-${group}`).locator('tr').count()).toBeGreaterThan(0);
    await expect.poll(() => p.getByTestId('talker').count()).toBeGreaterThan(1);
    await expect.poll(() => p.locator('[data-testid="talkers-chart"] canvas').count()).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/network.png`, fullPage: true });
  });
});

describe.skipIf(!haveChromium)('settings and remediation in headless Chromium', () => {
  let rStore: Store;
  let rApp: FastifyInstance;
  let rBrowser: Browser;
  let p: Page;
  let url: string;
  let receiver: import('../support/fake-server.js').FakeServer;
  let ec2: import('aws-sdk-client-mock').AwsStub<any, any, any>;
  let revoke: typeof import('@aws-sdk/client-ec2').RevokeSecurityGroupIngressCommand;

  beforeAll(async () => {
    const { startFakeServer } = await import('../support/fake-server.js');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { EC2Client, RevokeSecurityGroupIngressCommand } = await import('@aws-sdk/client-ec2');
    const { loadFallback } = await import('../../src/demo/alerts-fallback.js');
    const { raiseAlerts } = await import('../../src/engine/alerts/raise.js');
    const { DEMO } = await import('../../src/demo/story.js');
    revoke = RevokeSecurityGroupIngressCommand;
    ec2 = mockClient(EC2Client);
    receiver = await startFakeServer();
    receiver.on('POST', '/skywatch', [{ status: 204 }]);
    mkdirSync(SHOTS, { recursive: true });
    rStore = await openStore({ sqliteFile: ':memory:' });
    await loadFallback(rStore);
    await raiseAlerts(rStore, { now: new Date(DEMO.now) });
    for (const u of ['admin', 'admin2']) await rStore.users.create({ username: u, passwordHash: await hashPassword(PASSWORD), role: 'admin', scope: {} });
    rApp = await buildApp({
      store: rStore,
      log: pino({ level: 'silent' }),
      key: randomBytes(32),
      config: { remediation: { twoPersonApproval: true } },
      remediationContext: (account, region) => ({
        account,
        region,
        client: (C) => new C({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } } as never),
      }),
    });
    url = await listen(rApp, 0, '127.0.0.1');
    rBrowser = await launchChromium();
    p = await rBrowser.newPage({ viewport: { width: 1440, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await rBrowser?.close();
    await rApp?.close();
    await rStore?.close();
    await receiver?.close();
    ec2?.restore();
  });

  async function loginAs(user: string) {
    await p.goto(url);
    await p.getByRole('textbox', { name: 'Username' }).fill(user);
    await p.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => p.getByTestId('whoami').textContent()).toContain(user);
  }

  it('adds an integration and tests its connection against a local receiver', async () => {
    await loginAs('admin');
    await p.locator('nav a', { hasText: 'Settings' }).click();
    await p.getByRole('button', { name: 'Add integration' }).click();
    const form = p.getByTestId('integration-form');
    await form.getByLabel('Name').fill('ops-webhook');
    await form.getByLabel('Options (key=value per line)').fill(`url=${receiver.url}/skywatch`);
    await form.getByLabel('Credentials (key=value per line; sealed at rest)').fill('secret=a-signing-secret-of-some-length');
    await form.getByLabel('Allow private targets').check();
    await form.getByRole('button', { name: 'Create integration' }).click();
    const row = p.getByTestId('integration-ops-webhook');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => p.getByTestId('test-result-ops-webhook').textContent()).toContain('Connection OK');
    // The receiver got the test message, signed with the sealed secret.
    const got = receiver.received('POST', '/skywatch');
    expect(got).toHaveLength(1);
    expect(got[0]?.headers['x-skywatch-signature']).toBeTruthy();
    await p.getByTestId('integrations').screenshot({ path: `${SHOTS}/settings-integrations.png` });
  });

  it('adds a suppression that suppresses findings now', async () => {
    const s = p.getByTestId('suppressions');
    await s.getByLabel('Check ids or globs').fill('aws-s3-bucket-*');
    await s.getByLabel('Reason').fill('exports bucket is public by design');
    await s.getByLabel('Risk owner').fill('data-team');
    await s.getByLabel('Expires (YYYY-MM-DD)').fill('2099-12-31');
    await s.getByRole('button', { name: 'Add suppression' }).click();
    await expect.poll(() => s.getByText(/Suppressed \d+ finding/).textContent()).toMatch(/Suppressed [1-9]\d* finding/);
    await expect.poll(() => s.getByTestId('suppression-row').count()).toBe(1);
    expect((await rStore.findings.list({ status: 'suppressed' }, { limit: 100 })).items.length).toBeGreaterThan(0);
    await p.screenshot({ path: `${SHOTS}/settings-suppressions.png`, fullPage: true });
  });

  it('plans a remediation from an alert, asks for approval, and a second admin approves it', async () => {
    await p.locator('nav a', { hasText: 'Alerts' }).click();
    await p
      .getByText(/malicious address got in: orders-db/)
      .first()
      .click();
    const panel = p.getByTestId('remediation-panel');
    await panel.getByRole('button', { name: 'Plan' }).click();
    await expect.poll(() => panel.getByTestId('plan-diff').first().textContent()).toContain('0.0.0.0/0');
    await expect.poll(() => panel.getByTestId('run-status').first().textContent()).toBe('planned');
    expect(ec2.calls()).toHaveLength(0);
    await panel.screenshot({ path: `${SHOTS}/alert-remediation-plan.png` });
    await panel.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => panel.getByTestId('run-status').first().textContent()).toBe('awaiting-approval');
    expect(ec2.calls()).toHaveLength(0);
    await p.locator('nav a', { hasText: 'Remediation' }).click();
    await expect.poll(() => p.getByTestId('remediation-run').count()).toBe(1);
    await p.screenshot({ path: `${SHOTS}/remediation.png` });
    // Two-person approval: the requester's own approval is refused and nothing is applied.
    await p.getByRole('button', { name: 'Approve and apply' }).click();
    await expect.poll(() => p.getByText(/someone else to approve/).count()).toBe(1);
    expect(ec2.calls()).toHaveLength(0);
    await p.getByRole('button', { name: 'Log out' }).click();
    await loginAs('admin2');
    await p.locator('nav a', { hasText: 'Remediation' }).click();
    await p.getByRole('button', { name: 'Approve and apply' }).click();
    await expect.poll(() => p.getByText('Nothing awaits approval.').count()).toBe(1);
    expect(ec2.commandCalls(revoke)).toHaveLength(1);
    const runs = await rStore.remediationRuns.list({ status: 'applied' });
    expect(runs[0]).toMatchObject({ actor: 'admin', approvedBy: 'admin2' });
  });
});
