import type { Catalogue } from './catalogue.js';

/**
 * Every catalogue Skywatch knows. Add a framework by adding its file here; checks then reference
 * its controls through a typed helper exported from that file (an unknown control does not compile).
 */
export const CATALOGUES: readonly Catalogue[] = [];

export function findCatalogue(id: string): Catalogue | undefined {
  return CATALOGUES.find((c) => c.id === id);
}

export function controlExists(framework: string, control: string): boolean {
  const c = findCatalogue(framework);
  return Boolean(c && Object.hasOwn(c.controls, control));
}
