import type { Store } from '../../../store/index.js';
import type { StoredExposure } from '../../../store/repos/context.repo.js';
import { loadInventory } from '../inventory.js';
import { type ExposureResult, analyseExposure } from './analyse.js';

export { analyseExposure, EXPOSURE_TYPES } from './analyse.js';
export type { ExposureResult, ExposurePath, ExposedPort, Hop } from './analyse.js';

/** Recomputes exposure over the whole live inventory and stores it (table `exposures`). */
export async function runExposure(store: Store, now: string = new Date().toISOString()): Promise<ExposureResult[]> {
  const inv = await loadInventory(store);
  const results = analyseExposure(inv.graph, inv.resources);
  await store.exposures.replaceAll(results.map((r) => ({ ...r, computedAt: now })));
  return results;
}

/**
 * The stored exposure of one resource (undefined when never analysed). Other capabilities (risk,
 * attack paths, alert context) call this rather than reading the table.
 */
export async function exposureOf(store: Store, resourceId: string): Promise<StoredExposure | undefined> {
  return store.exposures.get(resourceId);
}

/** `skywatch exposure explain`: the path hop by hop, as text. */
export function explainExposure(e: Pick<StoredExposure, 'resourceId' | 'resourceType' | 'internet' | 'paths' | 'notes' | 'ports'>): string {
  const lines = [`${e.resourceId} (${e.resourceType})`, e.internet ? 'REACHABLE FROM THE INTERNET' : 'not reachable from the internet'];
  e.paths.forEach((p, i) => {
    lines.push('', `path ${i + 1} (${p.via}): ${p.ports}`);
    p.hops.forEach((h, j) => {
      lines.push(`  ${j + 1}. ${h.kind.padEnd(18)} ${h.id}${h.detail ? `  — ${h.detail}` : ''}`);
    });
  });
  if (e.notes.length) {
    lines.push('', 'notes:');
    for (const n of e.notes) lines.push(`  - ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
