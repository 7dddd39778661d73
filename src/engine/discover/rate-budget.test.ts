import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';
import { type Clock, RateBudget, type SharedBudgetState, type SharedBudgets, SharedTokenBucket, bucketParams, leaseStep } from './rate-budget.js';

/** A clock whose sleeps advance time at once (tests run in no real time). */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

/** Shared budgets in memory, applied one at a time after a turn of the event loop (as a store answers). */
function memoryBudgets(): SharedBudgets & { rows: Map<string, SharedBudgetState>; applies: number } {
  const rows = new Map<string, SharedBudgetState>();
  let chain: Promise<unknown> = Promise.resolve();
  const m = {
    rows,
    applies: 0,
    apply<T>(key: string, init: SharedBudgetState, step: (s: SharedBudgetState) => { state: SharedBudgetState; out: T }): Promise<T> {
      const run = chain.then(async () => {
        await new Promise((r) => setImmediate(r));
        m.applies++;
        const { state, out } = step(rows.get(key) ?? init);
        rows.set(key, state);
        return out;
      });
      chain = run.catch(() => {});
      return run;
    },
  };
  return m;
}

/**
 * Two workers (RateBudgets over one shared store), each running `callers` callers that call as
 * fast as the budget lets them until `untilMs` of simulated time; returns the calls made.
 */
async function twoWorkers(shared: SharedBudgets, callers: number, untilMs: number, service: string): Promise<number> {
  const clock = fakeClock();
  const opts = { perSecond: 10, burst: 8 };
  const workers = [new RateBudget(opts, clock, shared), new RateBudget(opts, clock, shared)];
  let calls = 0;
  await Promise.all(
    workers.flatMap((w) =>
      Array.from({ length: callers }, async () => {
        const b = w.bucket('111111111111', service);
        while (clock.t < untilMs) {
          await b.take();
          if (clock.t < untilMs) calls++;
        }
      }),
    ),
  );
  return calls;
}

const p = bucketParams({ perSecond: 10, burst: 8, minPerSecond: 1, recovery: 0.1 });
const full: SharedBudgetState = { tokens: 8, rate: 10, lastMs: 0, throttles: 0 };

describe('leaseStep', () => {
  it('grants whole tokens up to the ask, and says how long until the next one', () => {
    const a = leaseStep(full, p, { want: 3, successes: 0, throttles: 0, now: 0 });
    expect(a.out).toEqual({ granted: 3, rate: 10, waitMs: 0 });
    expect(a.state.tokens).toBe(5);
    const empty = leaseStep({ ...full, tokens: 0.5 }, p, { want: 3, successes: 0, throttles: 0, now: 0 });
    expect(empty.out.granted).toBe(0);
    expect(empty.out.waitMs).toBe(50); // half a token at 10/s
  });

  it('refills at the rate in force for the time passed, never above the burst', () => {
    const s = { ...full, tokens: 0 };
    expect(leaseStep(s, p, { want: 100, successes: 0, throttles: 0, now: 300 }).out.granted).toBe(3);
    expect(leaseStep(s, p, { want: 100, successes: 0, throttles: 0, now: 60_000 }).out.granted).toBe(8);
  });

  it('never runs time backwards for a worker whose clock is behind', () => {
    const r = leaseStep({ ...full, tokens: 0, lastMs: 5000 }, p, { want: 1, successes: 0, throttles: 0, now: 1000 });
    expect(r.state.lastMs).toBe(5000);
    expect(r.out.granted).toBe(0);
  });

  it('halves the rate per throttle (not below the floor) and drops what is banked', () => {
    const r = leaseStep(full, p, { want: 2, successes: 5, throttles: 2, now: 0 });
    expect(r.out.rate).toBe(2.5);
    expect(r.out.granted).toBe(0);
    expect(r.state.throttles).toBe(2);
    expect(leaseStep(full, p, { want: 1, successes: 0, throttles: 9, now: 0 }).out.rate).toBe(1);
  });

  it('wins rate back per success, up to the configured rate', () => {
    const slow = { ...full, rate: 2 };
    expect(leaseStep(slow, p, { want: 1, successes: 3, throttles: 0, now: 0 }).out.rate).toBeCloseTo(5);
    expect(leaseStep(slow, p, { want: 1, successes: 100, throttles: 0, now: 0 }).out.rate).toBe(10);
  });
});

describe('SharedTokenBucket', () => {
  it('two workers together keep to one budget, where two local buckets would spend two', async () => {
    const shared = memoryBudgets();
    const calls = await twoWorkers(shared, 4, 10_000, 'ec2');
    // 10 s at 10/s plus the burst (8), plus at most one unspent lease (burst / 4) per worker.
    expect(calls).toBeLessThanOrEqual(100 + 8 + 2 * 2);
    expect(calls).toBeGreaterThanOrEqual(90);
    expect(shared.rows.get('discovery/111111111111/ec2')).toBeDefined();
  });

  it("one worker's throttle slows the other at its next lease", async () => {
    const clock = fakeClock();
    const shared = memoryBudgets();
    const opts = { perSecond: 8, burst: 4, minPerSecond: 1 };
    const a = new SharedTokenBucket('k', opts, shared, clock);
    const b = new SharedTokenBucket('k', opts, shared, clock);
    await a.take();
    await b.take();
    a.onThrottle();
    expect(a.rate).toBe(4);
    await a.take(); // the lease reports the throttle
    expect(shared.rows.get('k')?.rate).toBe(4);
    expect(shared.rows.get('k')?.throttles).toBe(1);
    await b.take();
    await b.take(); // b's own lease ran out: it learns the shared rate
    expect(b.rate).toBe(4);
  });

  it('keeps what a failed lease would have reported, for the next one', async () => {
    const clock = fakeClock();
    const rows = memoryBudgets();
    let fail = true;
    const flaky: SharedBudgets = {
      apply: (key, init, step) => (fail ? Promise.reject(new Error('store down')) : rows.apply(key, init, step)),
    };
    const b = new SharedTokenBucket('k', { perSecond: 8, burst: 4 }, flaky, clock);
    b.onThrottle();
    await expect(b.take()).rejects.toThrow('store down');
    fail = false;
    await b.take();
    expect(rows.rows.get('k')?.throttles).toBe(1);
  });
});

describe.each(testDialects())('shared rate budgets on $name', (dialect) => {
  it('applies concurrent leases one at a time: no lost update', async () => {
    const store = await dialect.open();
    try {
      const init = { tokens: 0, rate: 1, lastMs: 0, throttles: 0 };
      // 40 concurrent read-modify-writes: on PostgreSQL they run on several pooled connections.
      await Promise.all(Array.from({ length: 40 }, () => store.rateBudgets.apply('k', init, (s) => ({ state: { ...s, tokens: s.tokens + 1 }, out: null }))));
      expect((await store.rateBudgets.get('k'))?.tokens).toBe(40);
    } finally {
      await store.dispose();
    }
  });

  it('two workers on one store keep to one budget', async () => {
    const store = await dialect.open();
    try {
      const calls = await twoWorkers(store.rateBudgets, 3, 5000, 's3');
      expect(calls).toBeLessThanOrEqual(50 + 8 + 2 * 2);
      expect(calls).toBeGreaterThanOrEqual(45);
      expect((await store.rateBudgets.get('discovery/111111111111/s3'))?.rate).toBe(10);
    } finally {
      await store.dispose();
    }
  });
});
