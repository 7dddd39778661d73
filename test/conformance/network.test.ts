import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../src/core/events.js';
import type { DnsEvent, FlowEvent } from '../../src/core/network-events.js';
import { runDetector } from '../../src/core/units/detector.js';
import {
  type Flow,
  type Host,
  type ResolverLine,
  attacks,
  background,
  dnsBackground,
  flowLine,
  DEMO_FLOW_HEADER,
  resolverLine,
} from '../../src/demo/network-traffic.js';
import { parseFeed } from '../../src/engine/intel/feeds.js';
import { IntelMatcher } from '../../src/engine/intel/matcher.js';
import { NetworkDetection } from '../../src/engine/network/detect.js';
import { dnsDetectors, flowDetectors } from '../../src/engine/network/detectors.js';
import { DnsEnricher, FlowEnricher } from '../../src/engine/network/enrich.js';
import { loadUnits } from '../../src/engine/units.js';
import { normaliseResolverRecord } from '../../src/providers/aws/logs/route53-resolver-parser.js';
import { flowFormat, parseFlowText } from '../../src/providers/aws/logs/vpc-flow-parser.js';
import { testData } from '../support/stores.js';

/**
 * Network detection conformance: Panther's labelled AWS.VPCFlow / AWS.VPCDns vectors where one of
 * our detectors shares the rule's intent, and synthetic attacks injected into generated background
 * traffic (each detected; the background alone raises nothing).
 */

// ---- Panther vectors ----

/** Panther rule → our detector with the same intent. Rules not listed here have no counterpart. */
const SHARED: Record<string, string> = {
  'AWS.VPC.HealthyLogStatus': 'aws-vpc-flow-log-records-skipped',
  'AWS.VPC.InboundPortBlacklist': 'aws-vpc-flow-admin-port-from-internet',
  'AWS.VPC.InboundPortWhitelist': 'aws-vpc-flow-admin-port-from-internet',
  'AWS.VPC.SSHAllowedSignal': 'aws-vpc-flow-admin-port-from-internet',
  'AWS.DNS.Crypto.Domain': 'aws-route53-resolver-mining-domain',
  'Standard.DNSBase64': 'aws-route53-resolver-dns-exfiltration',
};

function pantherFlow(e: Record<string, unknown>): FlowRecord {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' && v !== 'null' ? v : undefined);
  const f: FlowRecord = { version: 2, start: 1700000000, end: 1700000060 };
  const set = <K extends keyof FlowRecord>(k: K, v: FlowRecord[K] | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set('srcAddr', str(e.srcAddr));
  set('dstAddr', str(e.dstAddr));
  set('srcPort', num(e.srcPort));
  set('dstPort', num(e.dstPort));
  set('action', str(e.action) as FlowRecord['action']);
  set('logStatus', (str(e.status) ?? 'OK') as FlowRecord['logStatus']);
  set('flowDirection', str(e.flowDirection) as FlowRecord['flowDirection']);
  set('instanceId', str(e.instanceId));
  set('vpcId', str(e.vpcId));
  return f;
}

describe('Panther AWS.VPCFlow / AWS.VPCDns vectors', () => {
  const rows = readFileSync(testData('panther-analysis/test_vectors.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { rule_id: string; log_type: string; test_name: string; expected_result: boolean; event: Record<string, unknown> })
    .filter((r) => r.log_type === 'AWS.VPCFlow' || r.log_type === 'AWS.VPCDns');

  it('agree on at least 90% of the vectors whose rule shares a detector intent', () => {
    // Mining feeds: NoCoin (MIT) and CoinBlockerLists (AGPL, read here only, never copied).
    const mining = [
      ...parseFeed(readFileSync(testData('nocoin-hosts/hosts.txt'), 'utf8'), { format: 'domains' }).indicators,
      ...parseFeed(readFileSync(testData('coinblockerlists-2018/list.txt'), 'utf8'), { format: 'domains' }).indicators,
    ];
    const intel = IntelMatcher.build([{ feed: 'mining', category: 'mining', indicators: mining }]);
    const detectors = new Map(loadUnits().detectors.map((d) => [d.id, d]));
    const flowEnricher = new FlowEnricher({ intel });
    const dnsEnricher = new DnsEnricher({ intel });
    const shared = rows.filter((r) => SHARED[r.rule_id]);
    const skipped = [...new Set(rows.filter((r) => !SHARED[r.rule_id]).map((r) => r.rule_id))];
    const disagreements: string[] = [];
    for (const r of shared) {
      const d = detectors.get(SHARED[r.rule_id] as string);
      expect(d, SHARED[r.rule_id]).toBeDefined();
      const event = r.log_type === 'AWS.VPCDns' ? dnsEnricher.enrich(normaliseResolverRecord(r.event)) : flowEnricher.enrich(pantherFlow(r.event));
      const fired = runDetector(d as never, [event]).length > 0;
      if (fired !== r.expected_result) disagreements.push(`${r.rule_id} / ${r.test_name}: Panther ${r.expected_result}, ${d?.id} ${fired}`);
    }
    const agreement = 1 - disagreements.length / shared.length;
    console.log(`Panther VPC vectors: ${shared.length} with a shared intent (of ${rows.length}); agreement ${(agreement * 100).toFixed(1)}%`);
    console.log(`  rules without a counterpart: ${skipped.join(', ')}`);
    for (const d of disagreements) console.log(`  disagreement: ${d}`);
    expect(shared.length).toBeGreaterThanOrEqual(25);
    expect(agreement).toBeGreaterThanOrEqual(0.9);
  });
});

// ---- synthetic attacks in background traffic ----

const HOUR = 3600;
const T0 = Date.parse('2026-10-01T00:00:00Z') / 1000;
const hosts: Host[] = Array.from({ length: 25 }, (_, i) => ({
  account: '444444444444',
  region: 'us-east-1',
  vpc: 'vpc-0synthetic',
  subnet: 'subnet-0synthetic',
  instanceId: `i-0synthetic${String(i).padStart(6, '0')}`,
  eni: `eni-0synthetic${String(i).padStart(6, '0')}`,
  privateIp: `10.50.0.${10 + i}`,
  serves: i % 5 === 0 ? [5432] : [443],
  name: `host-${i}`,
}));
const fmt = flowFormat(DEMO_FLOW_HEADER);
const bg = background(hosts, T0, 30, 101, 20);

function detectFlows(flows: Flow[]): Map<string, number> {
  const enricher = new FlowEnricher({});
  const det = new NetworkDetection<FlowEvent>(flowDetectors());
  for (const f of [...flows].sort((a, b) => a.start - b.start)) det.push(enricher.enrich(parseFlowText(flowLine(f), fmt) as FlowRecord));
  det.finish();
  const found = new Map<string, number>();
  for (const x of det.drain()) found.set(x.ruleId, (found.get(x.ruleId) ?? 0) + 1);
  return found;
}

function detectDns(lines: ResolverLine[]): Map<string, number> {
  const enricher = new DnsEnricher({});
  const det = new NetworkDetection<DnsEvent>(dnsDetectors());
  for (const q of [...lines].sort((a, b) => a.at - b.at)) det.push(enricher.enrich(normaliseResolverRecord(resolverLine(q))));
  det.finish();
  const found = new Map<string, number>();
  for (const x of det.drain()) found.set(x.ruleId, (found.get(x.ruleId) ?? 0) + 1);
  return found;
}

describe('synthetic attacks in generated background traffic', () => {
  it('the background alone raises no finding', () => {
    expect(bg.length).toBeGreaterThan(20_000);
    expect(Object.fromEntries(detectFlows(bg))).toEqual({});
    expect(Object.fromEntries(detectDns(dnsBackground(hosts, T0, 30, 5, 10)))).toEqual({});
  });

  const at = T0 + 26 * HOUR;
  const target = hosts[1] as Host;
  const cases: [string, Flow[], string][] = [
    ['port scan', attacks.scan(target, '198.51.100.66', at), 'aws-vpc-flow-port-scan'],
    ['port sweep', attacks.sweep(hosts, '198.51.100.67', 6379, at), 'aws-vpc-flow-port-sweep'],
    ['SSH brute force', attacks.bruteForce({ ...target, serves: [443, 22] }, '198.51.100.68', 22, at), 'aws-vpc-flow-brute-force'],
    ['RDP brute force', attacks.bruteForce({ ...target, serves: [443, 3389] }, '198.51.100.69', 3389, at), 'aws-vpc-flow-brute-force'],
    ['crypto mining', attacks.mining(target, '203.0.113.33', 3333, at, 3), 'aws-vpc-flow-crypto-mining'],
    ['exfiltration', attacks.exfiltration(target, '203.0.113.44', at, 6), 'aws-vpc-flow-outbound-volume-anomaly'],
  ];
  it.each(cases)('%s is detected', (_name, attack, rule) => {
    const found = detectFlows([...bg, ...attack]);
    expect(found.get(rule), `found: ${JSON.stringify(Object.fromEntries(found))}`).toBeGreaterThan(0);
  });

  it('DNS tunnelling and generated domains are detected', () => {
    const dnsBg = dnsBackground(hosts, T0, 30, 5, 10);
    const h = hosts[2] as Host;
    const tunnel = Array.from({ length: 300 }, (_, i) => ({
      account: h.account,
      region: h.region,
      vpc: h.vpc,
      at: at + i,
      name: `${(i * 104729).toString(36)}${i}.t.exfil-example.org`,
      src: h.privateIp,
      instanceId: h.instanceId as string,
    }));
    expect(detectDns([...dnsBg, ...tunnel]).get('aws-route53-resolver-dns-exfiltration')).toBeGreaterThan(0);
    const dga = [{ account: h.account, region: h.region, vpc: h.vpc, at, name: 'qxvbkzjrtwpmhd.com', src: h.privateIp, rcode: 'NXDOMAIN' }];
    expect(detectDns([...dnsBg, ...dga]).get('aws-route53-resolver-dga-domain')).toBeGreaterThan(0);
  });
});
