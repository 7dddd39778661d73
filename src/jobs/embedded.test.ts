import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.js';
import { EmbeddedQueue } from './embedded.js';

describe('EmbeddedQueue', () => {
  it('never runs more than the concurrency limit at once and finishes every job', async () => {
    const q = new EmbeddedQueue();
    await q.start();
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await q.work<{ n: number }>('w', { concurrency: 3 }, async (job) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done.push(job.data.n);
    });
    for (let n = 0; n < 20; n++) await q.enqueue('w', { n });
    await q.drain(5000);
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    await q.stop();
  });

  it('retries a failing job with backoff, then records it as dead after the limit', async () => {
    const errors: boolean[] = [];
    const q = new EmbeddedQueue((_job, _err, final) => errors.push(final));
    await q.start();
    let attempts = 0;
    await q.work('flaky', { concurrency: 1 }, async (job) => {
      attempts++;
      if (job.attempt < 2) throw new Error('boom');
    });
    await q.enqueue('flaky', {}, { retryLimit: 3, retryDelay: 0.01 });
    await q.enqueue('hopeless', {}, { retryLimit: 1, retryDelay: 0.01 });
    await q.work('hopeless', { concurrency: 1 }, async () => {
      throw new Error('always');
    });
    await q.drain(5000);
    expect(attempts).toBe(3);
    expect(q.dead.map((d) => d.job.name)).toEqual(['hopeless']);
    expect(errors).toEqual(expect.arrayContaining([false, true]));
    await q.stop();
  });

  it('holds delayed jobs until their start time and drops duplicate singletons', async () => {
    const q = new EmbeddedQueue();
    await q.start();
    const ran: number[] = [];
    await q.work('later', { concurrency: 1 }, async () => {
      ran.push(Date.now());
    });
    const t0 = Date.now();
    expect(await q.enqueue('later', {}, { startAfter: new Date(t0 + 80), singletonKey: 'k' })).not.toBeNull();
    expect(await q.enqueue('later', {}, { singletonKey: 'k' })).toBeNull();
    await q.drain(5000);
    expect(ran).toHaveLength(1);
    expect((ran[0] ?? 0) - t0).toBeGreaterThanOrEqual(75);
    await q.stop();
  });
});

describe('cron', () => {
  it('computes the next firing time in UTC', () => {
    expect(parseCron('*/15 * * * *').next(new Date('2026-11-27T10:07:30Z')).toISOString()).toBe('2026-11-27T10:15:00.000Z');
    expect(parseCron('0 6 * * 1').next(new Date('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(parseCron('30 2 1 * *').next(new Date('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-12-01T02:30:00.000Z');
  });

  it('rejects malformed expressions with the field named', () => {
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/minute "61" is out of range/);
    expect(() => parseCron('* x * * *')).toThrow(/hour "x"/);
  });
});
