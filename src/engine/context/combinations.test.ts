import { describe, expect, it } from 'vitest';
import { COMBINATIONS } from './combinations.js';
import { fixtureIndex } from './fixture.js';

describe('toxic combinations', () => {
  it('has at least 20 rules with unique ids, each with a hit and a miss fixture', () => {
    expect(COMBINATIONS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(COMBINATIONS.map((r) => r.id)).size).toBe(COMBINATIONS.length);
    for (const r of COMBINATIONS) {
      expect(r.fixtures.some((f) => f.expect)).toBe(true);
      expect(r.fixtures.some((f) => !f.expect)).toBe(true);
    }
  });

  describe.each(COMBINATIONS.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it.each(rule.fixtures.map((f) => [f.name, f] as const))('%s', async (_n, f) => {
      const { ix } = await fixtureIndex(f);
      const anchor = ix.resource(f.anchor);
      expect(anchor).toBeDefined();
      const m = rule.match(anchor as NonNullable<typeof anchor>, ix);
      expect(Boolean(m)).toBe(f.expect);
      if (m) expect(m.factors.length).toBeGreaterThanOrEqual(2);
    });
  });
});
