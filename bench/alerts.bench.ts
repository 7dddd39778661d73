import type { NewFinding } from '../src/core/finding.js';
import type { ResourceRecord } from '../src/core/resource.js';
import { raiseAlerts } from '../src/engine/alerts/raise.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/**
 * raiseAlerts over a synthetic inventory: G security groups, each open on P ports and attached to
 * one public instance (so every group is one alert of P findings, with context). Measures the first
 * run (all alerts opened) and a second, unchanged run (the steady state of a scheduled pipeline).
 * Sizes: SKYWATCH_BENCH_ALERT_GROUPS (default 1000), SKYWATCH_BENCH_ALERT_PORTS (default 5).
 */
export async function run(): Promise<BenchResult> {
  const groups = Number(process.env.SKYWATCH_BENCH_ALERT_GROUPS ?? 1000);
  const ports = Number(process.env.SKYWATCH_BENCH_ALERT_PORTS ?? 5);
  const store = await openStore({ sqliteFile: ':memory:' });
  const acct = '222222222222';
  const at = '2026-11-20T00:00:00.000Z';
  const resources: ResourceRecord[] = [];
  const edges: { from: string; to: string; kind: string }[] = [];
  const findings: NewFinding[] = [];
  for (let g = 0; g < groups; g++) {
    const sg = `arn:aws:ec2:us-east-1:${acct}:security-group/sg-${g}`;
    const inst = `arn:aws:ec2:us-east-1:${acct}:instance/i-${g}`;
    const perms = Array.from({ length: ports }, (_, p) => ({ IpProtocol: 'tcp', FromPort: 1000 + p, ToPort: 1000 + p, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }));
    resources.push({
      id: sg,
      type: 'aws.ec2.security-group',
      provider: 'aws',
      account: acct,
      region: 'us-east-1',
      name: `sg-${g}`,
      tags: {},
      config: { GroupId: `sg-${g}`, IpPermissions: perms },
    });
    resources.push({
      id: inst,
      type: 'aws.ec2.instance',
      provider: 'aws',
      account: acct,
      region: 'us-east-1',
      name: `i-${g}`,
      tags: {},
      config: { InstanceId: `i-${g}`, PublicIpAddress: `54.0.${g >> 8}.${g & 255}` },
    });
    edges.push({ from: inst, to: sg, kind: 'uses-security-group' });
    for (let p = 0; p < ports; p++)
      findings.push({
        source: 'config',
        ruleId: `aws-ec2-security-group-no-world-ingress-${1000 + p}`,
        title: `open on ${1000 + p}`,
        severity: 'high',
        resourceId: sg,
        resourceType: 'aws.ec2.security-group',
        account: acct,
        region: 'us-east-1',
        evidence: { port: 1000 + p },
        attack: [],
        compliance: [],
        seenAt: at,
      });
  }
  await store.resources.upsertMany(resources, { at });
  await store.edges.replaceFrom(
    resources.map((r) => r.id),
    edges,
    acct,
    at,
  );
  await store.findings.upsert(findings);
  const t0 = performance.now();
  const first = await raiseAlerts(store, { now: new Date(at) });
  const t1 = performance.now();
  const second = await raiseAlerts(store, { now: new Date(at) });
  const t2 = performance.now();
  await store.close();
  return {
    name: 'alerts',
    groups,
    findings: findings.length,
    alertsOpened: first.opened.length,
    firstRunMs: Math.round(t1 - t0),
    findingsPerSecondFirstRun: Math.round(findings.length / ((t1 - t0) / 1000)),
    unchangedRunMs: Math.round(t2 - t1),
    unchangedOnSecondRun: second.unchanged,
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
