import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import { memoryGraph } from '../../core/resource.js';
import { COMBINATIONS } from './combinations.js';
import { factorsFor } from './factors.js';
import { fixtureFinding, fixtureIntel, fixtureResource } from './fixture.js';
import { buildContextIndex } from './index.js';
import { byVulnerabilityWeight, inventoryContextSources } from './sources.js';

/**
 * The store hands findings back in id order, and ids written in the same millisecond sort at random:
 * context must say the same thing whatever order its findings arrive in. Each case feeds the same
 * findings forwards and backwards and expects the same words — and the right ones.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
const I = 'arn:aws:ec2:us-east-1:222222222222:instance/i-1';
const SG = 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1';
const BAD = '45.148.10.240';

const resources = [
  fixtureResource({
    id: SG,
    type: 'aws.ec2.security-group',
    name: 'dev-ssh',
    config: { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
  }),
  fixtureResource({ id: I, type: 'aws.ec2.instance', name: 'ci-runner-3', config: { PublicIpAddress: '54.0.0.1', PrivateIpAddress: '10.0.0.5' } }),
];
const graph = memoryGraph(resources, [{ from: I, to: SG, kind: 'uses-security-group' }]);

/** A vulnerability finding as the vulnerability stage writes it (rule id = CVE, KEV entry or null, CVSS). */
const vuln = (cve: string, score: number, kev: boolean) =>
  fixtureFinding({
    id: `fnd_${cve}`,
    dedupKey: `vuln-${cve}`,
    source: 'vulnerability',
    ruleId: cve,
    severity: score >= 9 ? 'critical' : 'high',
    resourceId: I,
    evidence: { cvss: { vector: 'CVSS:3.1/…', score }, kev: kev ? { dateAdded: '2024-05-30' } : null },
  });
const vulns = [vuln('CVE-2024-1351', 8.8, false), vuln('CVE-2024-1086', 7.8, true), vuln('CVE-2023-4911', 7.8, true)];

/** The same listed address seen twice: a mining hit 30 hours ago, an outbound flow this hour. */
const sightings = [
  fixtureFinding({
    id: 'fnd_mining',
    dedupKey: 'net-mining',
    source: 'network',
    ruleId: 'aws-vpc-flow-crypto-mining',
    resourceId: I,
    evidence: { dstAddr: BAD, dstPort: 3333 },
    firstSeen: '2026-11-19T06:10:00.000Z',
    lastSeen: '2026-11-19T06:10:00.000Z',
  }),
  fixtureFinding({
    id: 'fnd_outbound',
    dedupKey: 'net-outbound',
    source: 'network',
    ruleId: 'aws-vpc-flow-outbound-to-listed-address',
    resourceId: I,
    evidence: { dstAddr: BAD, dstPort: 3333 },
    firstSeen: '2026-11-20T00:00:00.000Z',
    lastSeen: '2026-11-20T12:00:00.000Z',
  }),
];
const scan = fixtureFinding({ id: 'fnd_scan', dedupKey: 'net-scan', source: 'network', ruleId: 'network-port-scan', title: 'Port scan', resourceId: I });
const intel = fixtureIntel({ [BAD]: [{ feed: 'demo-ipsum' }] });

async function wordsFor(findings: readonly Finding[]) {
  const ix = await buildContextIndex(graph, findings, inventoryContextSources(graph, findings, intel), now, [I, SG]);
  const anchor = ix.resource(I) as NonNullable<ReturnType<typeof ix.resource>>;
  const combination = (id: string) => COMBINATIONS.find((r) => r.id === id)?.match(anchor, ix)?.factors ?? [];
  return {
    factors: factorsFor(findings, ix).map((f) => f.text),
    scanned: combination('exposed-host-scanned-and-vulnerable'),
    inbound: combination('exposed-host-with-malicious-inbound'),
  };
}

describe('context is the same whatever order its findings arrive in', () => {
  const all = [...vulns, ...sightings, scan];

  it('names the CVE that decides the risk: known exploited first, then score, then id', async () => {
    const forwards = await wordsFor(all);
    const backwards = await wordsFor([...all].reverse());
    expect(backwards).toEqual(forwards);
    // Both KEV entries score 7.8; CVE-2024-1351 scores higher but is not known exploited.
    expect(forwards.factors).toContain('CVE-2023-4911 is known to be exploited (CISA KEV)');
    expect(forwards.scanned).toContain('CVE-2023-4911 (high)');
  });

  it('says when an address was last seen from the latest sighting, against the run’s now', async () => {
    for (const order of [sightings, [...sightings].reverse()]) {
      const w = await wordsFor([...order, scan]);
      expect(w.factors).toContain(`traffic to ${BAD}, listed by 1 feed, in the last 24 h`);
      // Connections of ours to a listed address are not traffic from it: no "malicious inbound".
      expect(w.inbound).toEqual([]);
    }
  });

  it('orders vulnerability facts by weight', () => {
    const facts = [
      { id: 'CVE-2', severity: 'critical' as const, score: 9.8 },
      { id: 'CVE-3', severity: 'high' as const, score: 7.8, kev: true },
      { id: 'CVE-1', severity: 'high' as const, score: 7.8, kev: true },
      { id: 'CVE-4', severity: 'high' as const },
    ];
    expect([...facts].sort(byVulnerabilityWeight).map((v) => v.id)).toEqual(['CVE-1', 'CVE-3', 'CVE-2', 'CVE-4']);
    expect(
      [...facts]
        .reverse()
        .sort(byVulnerabilityWeight)
        .map((v) => v.id),
    ).toEqual(['CVE-1', 'CVE-3', 'CVE-2', 'CVE-4']);
  });
});
