import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it('is Date#toISOString for whole seconds, sub-second, odd and far times', () => {
    const base = Date.parse('2026-11-18T09:12:00Z');
    const times: number[] = [
      0, -1000, -3_600_000, -1, 1, 999, 1.5, -0.5, 8.64e15, -8.64e15, 253402300799000, 253402300800000, -62167219200000, -62167219201000,
    ];
    for (let i = 0; i < 20_000; i++) times.push(base + i * 1000, base + i * 250, base - i * 7919_000, base + (i % 3) * 3_600_000);
    // Spread over the whole Date range, seeded so a failure repeats.
    let x = 1;
    for (let i = 0; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      times.push(Math.round(((x / 2147483647) * 2 - 1) * 8.64e12) * 1000);
    }
    for (const t of times) expect(isoTime(t), String(t)).toBe(new Date(t).toISOString());
  });

  it('throws as Date does on times it cannot show', () => {
    for (const t of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1000, -8.64e15 - 1000]) expect(() => isoTime(t)).toThrow(RangeError);
  });
});
