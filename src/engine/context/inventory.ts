import { type EdgeRecord, type GraphView, type ResourceRecord, memoryGraph } from '../../core/resource.js';
import type { Store } from '../../store/index.js';

export interface InventorySnapshot {
  resources: ResourceRecord[];
  edges: EdgeRecord[];
  graph: GraphView;
}

/**
 * Loads the live inventory (optionally only some types) into an in-memory graph. Exposure and
 * application profiling are whole-graph questions (route tables, NACLs and groups are shared), so
 * they run over a snapshot; resources and edges stream in batches.
 */
export async function loadInventory(store: Store, types?: readonly string[]): Promise<InventorySnapshot> {
  const resources: ResourceRecord[] = [];
  for (const type of types ?? [undefined]) {
    for await (const batch of store.resources.stream(type ? { type } : {})) {
      for (const r of batch) {
        const { firstSeen: _f, lastSeen: _l, deletedAt: _d, ...rec } = r;
        resources.push(rec);
      }
    }
  }
  const edges: EdgeRecord[] = [];
  for await (const batch of store.edges.stream()) edges.push(...batch);
  return { resources, edges, graph: memoryGraph(resources, edges) };
}

/** The provider's short id of a resource (`i-0abc…`, `sg-…`, `subnet-…`): the ARN's last path segment. */
export function shortId(id: string): string {
  const slash = id.lastIndexOf('/');
  if (slash >= 0) return id.slice(slash + 1);
  const colon = id.lastIndexOf(':');
  return colon >= 0 ? id.slice(colon + 1) : id;
}

/** Finds resources by their short id within a graph (ARN ids, short ids in configs). */
export function shortIdIndex(resources: readonly ResourceRecord[]): Map<string, ResourceRecord> {
  const m = new Map<string, ResourceRecord>();
  for (const r of resources) {
    m.set(r.id, r);
    if (!m.has(shortId(r.id))) m.set(shortId(r.id), r);
  }
  return m;
}
