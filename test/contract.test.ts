import { describe, expect, it } from 'vitest';
import { memoryGraph } from '../src/core/resource.js';
import { runDetector } from '../src/core/units/detector.js';
import { loadDetectors } from '../src/engine/detector-units.js';
import { loadUnits } from '../src/engine/units.js';

/**
 * The contract test: every unit in the generated registries runs its own fixtures. Most units need
 * no test file of their own; adding a unit with a wrong fixture fails here.
 */
const units = loadUnits();

describe('registry', () => {
  it('validates (ids match files, no duplicates, no dangling references)', () => {
    expect(units).toBeDefined();
  });
  it('gives log ingests the same detectors without the rest of the registry', () => {
    expect(loadDetectors()).toEqual(units.detectors);
    expect(loadDetectors().every((d, i) => d === units.detectors[i])).toBe(true);
  });
});

describe.each(units.checks.map((c) => [c.id, c] as const))('check %s', (_id, check) => {
  it.each(check.fixtures.map((f) => [f.name, f] as const))('fixture %s', (_name, f) => {
    const resource = {
      id: `fixture:${check.id}`,
      type: check.resourceType,
      provider: check.provider,
      account: '123456789012',
      region: 'us-east-1',
      name: 'fixture',
      tags: {},
      ...f.resource,
    };
    const graph = memoryGraph([resource, ...(f.related?.resources ?? [])], f.related?.edges ?? []);
    const params = check.params ? check.params.parse(f.params ?? {}) : {};
    const outcome = check.evaluate(resource, { params, graph, now: new Date(f.now ?? '2026-11-27T00:00:00Z') });
    expect(outcome.status).toBe(f.expect);
  });
});

describe.each(units.detectors.map((d) => [d.id, d] as const))('detector %s', (_id, d) => {
  it.each(d.fixtures.hit.map((f) => [f.name, f] as const))('hits on %s', (_n, f) => {
    expect(runDetector(d, f.events).length).toBeGreaterThan(0);
  });
  it.each(d.fixtures.miss.map((f) => [f.name, f] as const))('stays quiet on %s', (_n, f) => {
    expect(runDetector(d, f.events)).toEqual([]);
  });
});

describe.each(units.collectors.map((c) => [c.id, c] as const))('collector %s', (_id, c) => {
  it.each(c.fixtures.map((f) => [f.name, f] as const))('normalises %s', (_n, f) => {
    const out = c.toResource(f.raw, f.hydrated ?? {}, { account: '123456789012', region: 'us-east-1', partition: 'aws', ...f.context });
    expect(out.resource).toMatchObject(f.expect);
    expect(out.resource.type).toBe(c.resourceType);
    if (f.expectEdges) expect(out.edges ?? []).toEqual(expect.arrayContaining(f.expectEdges));
  });
});

describe.each([...units.logSources.values()].map((s) => [s.id, s] as const))('log source %s', (_id, s) => {
  it.each(s.fixtures.map((f) => [f.name, f] as const))('normalises %s', (_n, f) => {
    const out = s.normalise(f.raw);
    if (f.expect === null) expect(out).toBeNull();
    else expect(Array.isArray(out) ? out[0] : out).toMatchObject(f.expect);
  });
});

describe.each([...units.remediations.values()].map((r) => [r.id, r] as const))('remediation %s', (_id, r) => {
  it.each(r.fixtures.map((f) => [f.name, f] as const))('plans %s', (_n, f) => {
    const resource = {
      id: `fixture:${r.id}`,
      type: r.resourceType,
      provider: 'aws' as const,
      account: '123456789012',
      region: 'us-east-1',
      name: 'fixture',
      tags: {},
      ...f.resource,
    };
    const plan = r.plan(resource);
    expect(plan?.changes.length ?? 0).toBe(f.expectChanges);
  });
});

describe('remediations name the checks they fix', () => {
  const ids = units.checks.map((c) => c.id);
  it.each([...units.remediations.values()].filter((r) => r.fixes.length > 0).map((r) => [r.id, r] as const))('%s fixes a check of the library', (_id, r) => {
    const matched = r.fixes.filter((f) => ids.some((id) => id === f || id.startsWith(`${f}-`)));
    expect(matched.length, `none of ${r.fixes.join(', ')} is a check id (or a family prefix)`).toBeGreaterThan(0);
  });
});
