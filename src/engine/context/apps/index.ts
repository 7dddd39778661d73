import type { Store } from '../../../store/index.js';
import type { StoredApplication } from '../../../store/repos/context.repo.js';
import { loadInventory } from '../inventory.js';
import { HOST_TYPES, NO_OBSERVED_PORTS, type ObservedPorts, profileApplications } from './profile.js';

export { profileApplications, NO_OBSERVED_PORTS, HOST_TYPES } from './profile.js';
export type { ObservedPorts } from './profile.js';
export { APPS, appById, appOfPackage } from './catalogue.js';

/** Profiles every host in the live inventory and stores the result (table `applications`). */
export async function runApps(store: Store, opts: { observedPorts?: ObservedPorts; now?: string } = {}): Promise<StoredApplication[]> {
  const now = opts.now ?? new Date().toISOString();
  const inv = await loadInventory(store);
  const observed = opts.observedPorts ?? NO_OBSERVED_PORTS;
  const packages = new Map<string, { name: string; version?: string }[]>();
  for (const r of await store.vulns.reports()) {
    if (!r.resourceId) continue;
    const list = packages.get(r.resourceId) ?? [];
    list.push(...r.packages);
    packages.set(r.resourceId, list);
  }
  for (const v of await store.vulns.vulns()) {
    if (!v.resourceId) continue;
    const list = packages.get(v.resourceId) ?? [];
    list.push({ name: v.pkgName, ...(v.installedVersion && { version: v.installedVersion }) });
    packages.set(v.resourceId, list);
  }
  const listening = new Map<string, { port: number; protocol: string; lastSeen: string }[]>();
  for (const r of inv.resources) if ((HOST_TYPES as readonly string[]).includes(r.type)) listening.set(r.id, await observed.listening(r.id));
  const rows = profileApplications({ graph: inv.graph, resources: inv.resources, packages, listening, now });
  await store.applications.replaceAll(rows);
  return rows;
}

/** The stored application profile of one host; other capabilities call this rather than the table. */
export async function applicationsOf(store: Store, resourceId: string): Promise<StoredApplication[]> {
  return store.applications.list({ resourceId });
}
