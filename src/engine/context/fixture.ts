import type { Finding } from '../../core/finding.js';
import type { IntelLookup } from '../../core/intel.js';
import { type ResourceRecord, memoryGraph } from '../../core/resource.js';
import type { CombinationFixture } from './combinations.js';
import { type ContextIndex, buildContextIndex } from './index.js';
import { type ContextSources, inventoryContextSources } from './sources.js';

let n = 0;

/** A complete finding from the few fields a fixture cares about. */
export function fixtureFinding(p: Partial<Finding> & Pick<Finding, 'ruleId'>, at = '2026-11-20T10:00:00.000Z'): Finding {
  n++;
  return {
    id: p.id ?? `fnd_fixture_${n}`,
    dedupKey: p.dedupKey ?? `fixture-${n}`,
    source: p.source ?? 'config',
    title: p.title ?? p.ruleId,
    severity: p.severity ?? 'high',
    status: p.status ?? 'open',
    resourceId: p.resourceId ?? null,
    resourceType: p.resourceType ?? null,
    account: p.account ?? '222222222222',
    region: p.region ?? 'us-east-1',
    firstSeen: p.firstSeen ?? at,
    lastSeen: p.lastSeen ?? at,
    evidence: p.evidence ?? {},
    attack: p.attack ?? [],
    compliance: p.compliance ?? [],
    ruleId: p.ruleId,
  };
}

export function fixtureResource(p: Partial<ResourceRecord> & Pick<ResourceRecord, 'id' | 'type'>): ResourceRecord {
  return { provider: 'aws', account: '222222222222', region: 'us-east-1', name: p.id, tags: {}, config: {}, ...p };
}

export function fixtureIntel(map: CombinationFixture['intel'] = {}): IntelLookup {
  return { ip: (a) => (map[a] ? { indicator: a, listings: map[a] } : undefined), domain: () => undefined };
}

/** The index a combination fixture describes, with the inventory-only sources plus fixture fakes. */
export async function fixtureIndex(
  fx: Omit<CombinationFixture, 'name' | 'anchor' | 'expect'>,
  now = new Date('2026-11-20T12:00:00Z'),
): Promise<{ ix: ContextIndex; findings: Finding[] }> {
  const resources = fx.resources.map(fixtureResource);
  const graph = memoryGraph(resources, fx.edges ?? []);
  const findings = (fx.findings ?? []).map((f) => fixtureFinding(f));
  const base = inventoryContextSources(graph, findings, fixtureIntel(fx.intel));
  const sources: ContextSources = {
    ...base,
    async vulnerabilities(id) {
      return [...(await base.vulnerabilities(id)), ...(fx.vulnerabilities?.[id] ?? [])];
    },
  };
  return {
    ix: await buildContextIndex(
      graph,
      findings,
      sources,
      now,
      resources.map((r) => r.id),
    ),
    findings,
  };
}
