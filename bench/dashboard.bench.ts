import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ResourceRecord } from '../src/core/resource.js';
import type { Severity } from '../src/core/severity.js';
import { buildApp } from '../src/server/app.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

const SEVS: Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * The dashboard's API on a large inventory (BENCH_DASHBOARD_N resources, default 100k, over 10
 * accounts; edges, findings, flow-log ports, alerts and check results to match): CPU milliseconds
 * per request of each route the pages call, as one admin and as a user scoped to one account.
 */
export async function run(): Promise<BenchResult> {
  const n = Number(process.env.BENCH_DASHBOARD_N ?? 100_000);
  const home = mkdtempSync(join(tmpdir(), 'sw-bench-dash-'));
  const store = await openStore({ home });
  const accounts = Array.from({ length: 10 }, (_, i) => String(100000000000 + i));
  const at = new Date().toISOString();
  const vpc = (a: string) => `arn:aws:ec2:us-east-1:${a}:vpc/vpc-${a}`;
  const sg = (a: string, k: number) => `arn:aws:ec2:us-east-1:${a}:security-group/sg-${a}-${k}`;
  const inst = (i: number) => `arn:aws:ec2:us-east-1:${accounts[i % 10]}:instance/i-${i.toString(16).padStart(17, '0')}`;
  const records: ResourceRecord[] = [];
  for (const a of accounts) {
    records.push({ id: vpc(a), type: 'aws.ec2.vpc', provider: 'aws', account: a, region: 'us-east-1', name: `vpc-${a}`, tags: {}, config: {} });
    for (let k = 0; k < 50; k++)
      records.push({ id: sg(a, k), type: 'aws.ec2.security-group', provider: 'aws', account: a, region: 'us-east-1', name: `sg-${k}`, tags: {}, config: {} });
  }
  while (records.length < n) {
    const i = records.length;
    const a = accounts[i % 10] as string;
    records.push({
      id: inst(i),
      type: 'aws.ec2.instance',
      provider: 'aws',
      account: a,
      region: 'us-east-1',
      name: `i-${i}`,
      tags: {},
      config: { state: 'running' },
    });
  }
  await store.resources.upsertMany(records, { at });
  for (const a of accounts) {
    const mine = records.filter((r) => r.account === a && r.type === 'aws.ec2.instance');
    const sgs = Array.from({ length: 50 }, (_, k) => sg(a, k));
    await store.edges.replaceFrom(
      [...mine.map((r) => r.id), ...sgs],
      [...mine.map((r, j) => ({ from: r.id, to: sg(a, j % 50), kind: 'uses-security-group' })), ...sgs.map((s) => ({ from: s, to: vpc(a), kind: 'in-vpc' }))],
      a,
      at,
    );
  }
  const instances = records.filter((r) => r.type === 'aws.ec2.instance');
  const findings = instances.map((r, i) => ({
    source: 'config' as const,
    ruleId: `rule-${i % 40}`,
    title: 't',
    severity: SEVS[i % 4] as Severity,
    resourceId: r.id,
    resourceType: r.type,
    account: r.account,
    region: r.region,
    evidence: {},
    attack: [],
    compliance: [],
    seenAt: at,
  }));
  for (let i = 0; i < findings.length; i += 5000) await store.findings.upsert(findings.slice(i, i + 5000));
  const ports = instances.slice(0, Math.floor(instances.length / 5)).flatMap((r, i) => [
    {
      resourceId: r.id,
      port: 443,
      protocol: 'tcp',
      direction: 'inbound' as const,
      firstSeen: at,
      lastSeen: at,
      flows: i % 97,
      bytes: (i * 7919) % 100_000,
      peers: 3,
    },
    {
      resourceId: r.id,
      port: 3306,
      protocol: 'tcp',
      direction: 'outbound' as const,
      firstSeen: at,
      lastSeen: at,
      flows: 2,
      bytes: (i * 104729) % 50_000,
      peers: 1,
    },
  ]);
  await store.network.addPorts(ports);
  for (let i = 0; i < 2000; i++) {
    const day = new Date(Date.now() - (i % 30) * 86_400_000).toISOString();
    await store.alerts.insert(
      {
        dedupKey: `a${i}`,
        title: `alert ${i}`,
        severity: SEVS[i % 4] as Severity,
        riskScore: i % 100,
        factors: [],
        status: 'open',
        owner: null,
        assignee: null,
        dueAt: null,
        firstSeen: day,
        lastSeen: day,
        resolvedAt: null,
        data: { accounts: [accounts[i % 10]] },
      },
      'system',
    );
  }
  const checkIds = ['aws-ec2-instance-imdsv2-required', 'aws-ec2-instance-no-public-ip', 'aws-ec2-security-group-ssh-restricted'];
  const results = instances.flatMap((r, i) =>
    checkIds.map((checkId, k) => ({
      checkId,
      resourceId: r.id,
      resourceType: r.type,
      account: r.account,
      region: r.region,
      status: (i + k) % 7 === 0 ? ('fail' as const) : ('pass' as const),
      reason: null,
      message: null,
      evidence: null,
      evaluatedAt: at,
      runId: 'bench',
    })),
  );
  for (let i = 0; i < results.length; i += 5000) await store.checkResults.record(results.slice(i, i + 5000));

  const password = 'bench password 1234';
  await store.users.create({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin', scope: {} });
  await store.users.create({ username: 'scoped', passwordHash: await hashPassword(password), role: 'viewer', scope: { accounts: [accounts[3] as string] } });
  const app = await buildApp({ store, log: pino({ level: 'silent' }), key: randomBytes(32), webDir: '/nonexistent' });
  const login = async (username: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    return (r.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
  };
  const urls = {
    posture: '/api/overview/posture',
    alertTrend: '/api/overview/alert-trend?days=30',
    topTalkers: '/api/network/top-talkers?limit=100',
    graph2hops: `/api/graph/${encodeURIComponent(vpc(accounts[3] as string))}?hops=2`,
    inventoryPage: '/api/inventory?limit=1000',
    findingsPage: '/api/findings?status=open&limit=1000',
    compliance: '/api/compliance/cis-aws-5.0',
  };
  const out: Record<string, unknown> = {};
  for (const user of ['admin', 'scoped']) {
    const cookie = await login(user);
    for (const [name, url] of Object.entries(urls)) {
      await app.inject({ url, headers: { cookie } }); // warm caches and statements
      const reps = 3;
      const cpu = process.cpuUsage();
      let status = 0;
      for (let i = 0; i < reps; i++) status = (await app.inject({ url, headers: { cookie } })).statusCode;
      const used = process.cpuUsage(cpu);
      if (status !== 200) throw new Error(`${url} as ${user}: HTTP ${status}`);
      out[`${user}.${name}.cpuMsPerRequest`] = Math.round((used.user + used.system) / 1000 / reps);
    }
  }
  await app.close();
  await store.close();
  rmSync(home, { recursive: true, force: true });
  return { name: 'dashboard', dialect: 'sqlite', resources: n, ...out, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}
