import { resolve } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { activityStage } from '../engine/activity/stage.js';
import { checksStage } from '../engine/detect/config/stage.js';
import { discoveryStage } from '../engine/discover/discovery.stage.js';
import { networkStage } from '../engine/network/stage.js';
import { type Stage, runStages } from '../engine/pipeline.js';
import { type Store, openStore } from '../store/index.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../demo');

/**
 * The store as a stage sees it, with findings handed back as stored (id order) or reversed. Ids
 * written in the same millisecond sort at random, so either order is one a real run can produce.
 */
function reading(store: Store, way: 'as-stored' | 'reversed'): Store {
  if (way === 'as-stored') return store;
  const findings = Object.create(store.findings) as Store['findings'];
  findings.list = async (filter, page) => {
    const p = await store.findings.list(filter, page);
    return { ...p, items: [...p.items].reverse() };
  };
  return new Proxy(store, { get: (t, k) => (k === 'findings' ? findings : Reflect.get(t, k)) });
}

async function summaries(way: 'as-stored' | 'reversed'): Promise<Record<string, string[]>> {
  const store = await openStore({ sqliteFile: ':memory:' });
  try {
    const stages: Stage[] = [discoveryStage, checksStage(), networkStage, activityStage];
    const ctx = { store: reading(store, way), log: pino({ level: 'silent' }), home: '', demoDir: DEMO_DIR, facts: new Map() };
    const out: Record<string, string[]> = {};
    await runStages(stages, ctx, (s, r) => {
      out[s.id] = r.summary;
    });
    return out;
  } finally {
    await store.close();
  }
}

describe('the demo’s finding lists', () => {
  it('print the same whatever order the store returns equally severe findings in', async () => {
    const asStored = await summaries('as-stored');
    const reversed = await summaries('reversed');
    for (const id of ['checks', 'network', 'activity']) expect(reversed[id]).toEqual(asStored[id]);
    // The lists are there to compare: ten worst config findings, the network and activity headlines.
    expect(asStored.checks?.filter((l) => l.startsWith('  [critical]'))).toHaveLength(10);
    expect(asStored.network?.filter((l) => /^ {2}(high|medium|low) /.test(l)).length).toBeGreaterThan(5);
    expect(asStored.activity?.filter((l) => /^(critical|high) /.test(l)).length).toBeGreaterThan(5);
  });
});
