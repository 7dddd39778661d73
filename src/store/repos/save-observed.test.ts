import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';
import type { EdgeRecord, ResourceRecord } from '../../core/resource.js';
import { rng } from '../../demo/network-traffic.js';
import type { Store } from '../store.js';
import type { UpsertContext } from './resources.repo.js';

interface Flush {
  records: ResourceRecord[];
  edges: EdgeRecord[];
  ctx: UpsertContext;
  account: string;
}

/**
 * Rounds of flushes as concurrent discovery items make them: ids drawn from a small pool so later
 * rounds modify, revive and repeat earlier resources, edges that come, go and come back.
 */
function rounds(seed: number): Flush[][] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const accounts = ['111111111111', '222222222222'];
  const out: Flush[][] = [];
  for (let round = 0; round < 6; round++) {
    const at = new Date(Date.UTC(2026, 10, 1, round)).toISOString();
    const flushes: Flush[] = [];
    const n = 1 + Math.floor(r() * 6);
    for (let f = 0; f < n; f++) {
      const account = pick(accounts);
      const records: ResourceRecord[] = [];
      const edges: EdgeRecord[] = [];
      const size = Math.floor(r() * 12);
      for (let i = 0; i < size; i++) {
        const id = `arn:aws:ec2:eu-west-1:${account}:thing/t-${Math.floor(r() * 20)}`;
        records.push({
          id,
          type: pick(['aws.ec2.instance', 'aws.ec2.security-group']),
          provider: 'aws',
          account,
          region: 'eu-west-1',
          name: `n-${Math.floor(r() * 3)}`,
          tags: r() < 0.5 ? {} : { team: pick(['a', 'b']) },
          config: { size: Math.floor(r() * 3), open: r() < 0.3 },
        });
        const k = Math.floor(r() * 3);
        for (let e = 0; e < k; e++) edges.push({ from: id, to: `sg-${Math.floor(r() * 4)}`, kind: pick(['uses', 'in']) });
      }
      const ctx: UpsertContext = { at, scanId: `scan-${round}`, ...(r() < 0.3 && { actor: `user-${f}`, eventId: `ev-${round}-${f}` }) };
      flushes.push({ records, edges, ctx, account });
    }
    out.push(flushes);
  }
  return out;
}

/** What the store holds, without the random change ids. */
async function snapshot(store: Store) {
  const k = store.db.kysely;
  const resources = await k.selectFrom('resources').selectAll().orderBy('id').execute();
  const edges = await k.selectFrom('edges').selectAll().orderBy('from_id').orderBy('to_id').orderBy('kind').execute();
  const changes = (await k.selectFrom('resource_changes').selectAll().execute()).map(({ id: _id, ...c }) => JSON.stringify(c)).sort();
  return { resources, edges, changes };
}

describe.each(testDialects())('saveObserved on $name', (dialect) => {
  let grouped: Store & { dispose(): Promise<void> };
  let plain: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    grouped = await dialect.open();
    plain = await dialect.open();
  });
  afterEach(async () => {
    await grouped.dispose();
    await plain.dispose();
  });

  /**
   * Concurrent on SQLite, which groups the calls into shared transactions. PostgreSQL runs concurrent
   * callers in parallel transactions (two could both create one id), as before: one at a time there.
   */
  const saveAll = async (flushes: readonly Flush[]) => {
    const save = (f: Flush) => grouped.resources.saveObserved(f.records, f.edges, f.ctx, f.account);
    if (dialect.name === 'sqlite') return Promise.all(flushes.map(save));
    const out = [];
    for (const f of flushes) out.push(await save(f));
    return out;
  };

  it('stores what upsertMany then replaceFrom store, one flush after another, for concurrent callers', async () => {
    const transactions = vi.spyOn(grouped.db.kysely, 'transaction');
    let calls = 0;
    for (let seed = 1; seed <= 12; seed++) {
      for (const flushes of rounds(seed)) {
        calls += flushes.length;
        const got = await saveAll(flushes);
        const want = [];
        for (const f of flushes) {
          want.push(await plain.resources.upsertMany(f.records, f.ctx));
          await plain.edges.replaceFrom(
            f.records.map((x) => x.id),
            f.edges,
            f.account,
            f.ctx.at,
          );
        }
        expect(got).toEqual(want);
      }
      expect(await snapshot(grouped)).toEqual(await snapshot(plain));
    }
    // The grouping under test did happen (SQLite); PostgreSQL keeps a transaction per call.
    if (dialect.name === 'sqlite') expect(transactions.mock.calls.length).toBeLessThan(calls / 2);
    else expect(transactions.mock.calls.length).toBe(calls);
  });

  it("keeps the other callers' writes when one caller's fail, and stores none of the failed one's", async () => {
    const [flushes] = rounds(99);
    const ok = (flushes as Flush[]).filter((f) => f.records.length > 0);
    const bad: ResourceRecord = { ...(ok[0]?.records[0] as ResourceRecord), id: 'arn:bad', type: null as unknown as string };
    // The failing call queues between the others, so on SQLite it shares their group.
    const calls = saveAll(ok);
    const failing = grouped.resources.saveObserved([bad], [{ from: 'arn:bad', to: 'x', kind: 'k' }], { at: '2026-11-01T00:00:00.000Z' }, 'a');
    await expect(failing).rejects.toThrow();
    await calls;
    for (const f of ok) {
      await plain.resources.upsertMany(f.records, f.ctx);
      await plain.edges.replaceFrom(
        f.records.map((x) => x.id),
        f.edges,
        f.account,
        f.ctx.at,
      );
    }
    expect(await snapshot(grouped)).toEqual(await snapshot(plain));
  });
});
