import type { IntelLookup } from '../../core/intel.js';
import type { Store } from '../../store/index.js';
import type { RaiseOptions } from '../alerts/raise.js';
import { applicationsOf } from './apps/index.js';
import { exposureOf } from './exposure/index.js';
import { type ApplicationFact, type ExposureFact, inventoryContextSources } from './sources.js';

/**
 * The real context sources: exposure paths and application profiles as computed by the exposure and
 * application engines (stored per resource), threat intel from the feeds. Where those have nothing
 * for a resource (not analysed yet), the inventory-only answer stands in.
 */
export function storeContextSources(store: Store, intel: IntelLookup): NonNullable<RaiseOptions['sources']> {
  return (graph, findings) => {
    const base = inventoryContextSources(graph, findings, intel);
    return {
      ...base,
      async exposure(id): Promise<ExposureFact | undefined> {
        const e = await exposureOf(store, id);
        if (!e) return base.exposure(id);
        const ports = [...new Set(e.ports.flatMap((p) => (p.from === p.to ? [p.from] : p.from === 0 && p.to === 65535 ? [-1] : [p.from])))];
        const path = e.paths[0];
        return {
          internetExposed: e.internet,
          ports,
          ...(e.internet && path && { summary: `reachable from the internet on ${path.ports} (${path.via}: ${path.hops.map((h) => h.kind).join(' → ')})` }),
        };
      },
      async applications(id): Promise<ApplicationFact[]> {
        const apps = await applicationsOf(store, id);
        if (apps.length === 0) return base.applications(id);
        return apps.map((a) => ({
          name: a.app,
          ...(a.ports[0] !== undefined && { port: a.ports[0] }),
          ...(a.version && { version: a.version }),
          ...(a.evidence[0] && { evidence: `${a.evidence[0].source}: ${a.evidence[0].detail}` }),
        }));
      },
    };
  };
}
