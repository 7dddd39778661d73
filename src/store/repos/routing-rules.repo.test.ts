import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';

/** Routing rules and suppression expiry, on every dialect the store runs on. */
describe.each(testDialects())('routing rules and suppression expiry on $name', (d) => {
  it('appends rules in order, replaces and deletes them', async () => {
    const store = await d.open();
    try {
      const a = await store.routingRules.create({ name: 'critical to pager', match: { minSeverity: 'critical' }, to: ['pager'] }, 'admin');
      const b = await store.routingRules.create({ to: ['owner', 'team'] }, 'ana');
      expect([a.position, b.position]).toEqual([1, 2]);
      expect(await store.routingRules.update(b.id, { rule: { to: ['slack'] } })).toBe(true);
      expect((await store.routingRules.list()).map((r) => [r.id, r.rule.to, r.author])).toEqual([
        [a.id, ['pager'], 'admin'],
        [b.id, ['slack'], 'ana'],
      ]);
      expect(await store.routingRules.delete(a.id)).toBe(true);
      expect(await store.routingRules.delete(a.id)).toBe(false);
      expect(await store.routingRules.update('rtr_missing', { rule: { to: ['x'] } })).toBe(false);
      const c = await store.routingRules.create({ to: ['email'] }, 'admin');
      expect(c.position).toBe(3);
    } finally {
      await store.dispose();
    }
  });

  it('expires a suppression but keeps it listed', async () => {
    const store = await d.open();
    try {
      const s = await store.suppressions.create({ match: { checkIds: ['x-*'] }, reason: 'r', owner: null, author: 'ana', expiresAt: null });
      expect(await store.suppressions.expire(s.id, '2026-01-01T00:00:00.000Z')).toBe(true);
      expect(await store.suppressions.expire('sup_missing')).toBe(false);
      expect((await store.suppressions.list()).map((x) => x.expiresAt)).toEqual(['2026-01-01T00:00:00.000Z']);
      expect(await store.suppressions.list({ activeAt: '2026-06-01T00:00:00.000Z' })).toEqual([]);
    } finally {
      await store.dispose();
    }
  });
});
