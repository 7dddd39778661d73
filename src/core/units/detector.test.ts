import { describe, expect, it } from 'vitest';
import { defineDetector, runDetector, startDetector } from './detector.js';

interface Ev {
  time: number;
  src: string;
  port: number;
}

const scan = defineDetector<Ev>({
  id: 'test-port-scan',
  title: 'Port scan',
  description: 'many distinct ports from one source',
  source: 'test',
  severity: 'medium',
  attack: ['T1046'],
  logic: { kind: 'window', filter: () => true, key: (e) => e.src, time: (e) => e.time, seconds: 60, threshold: 5, distinct: (e) => String(e.port) },
  fixtures: { hit: [], miss: [] },
});

describe('window detectors', () => {
  it('fires once per burst when distinct values reach the threshold within the window', () => {
    const events = [1, 2, 3, 4, 5, 6, 7].map((p, i) => ({ time: i * 1000, src: 'a', port: p }));
    const hits = runDetector(scan, events);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.details).toMatchObject({ count: 5 });
    expect(hits[0]?.evidence).toHaveLength(5);
  });

  it('does not fire when the events are spread beyond the window, or repeat one value', () => {
    expect(
      runDetector(
        scan,
        [1, 2, 3, 4, 5].map((p, i) => ({ time: i * 61_000, src: 'a', port: p })),
      ),
    ).toEqual([]);
    expect(
      runDetector(
        scan,
        [1, 2, 3, 4, 5].map((_, i) => ({ time: i, src: 'a', port: 22 })),
      ),
    ).toEqual([]);
  });

  it('keeps at most maxKeys keys', () => {
    const state = startDetector(scan, { maxKeys: 2, maxEvidence: 3 });
    for (let i = 0; i < 1000; i++) state.push({ time: i, src: `s${i}`, port: 1 });
    // Only the last two sources are remembered: four more ports from the first source do not fire.
    const hits = [2, 3, 4, 5].flatMap((p) => state.push({ time: 2000, src: 's0', port: p }));
    expect(hits).toEqual([]);
  });
});
