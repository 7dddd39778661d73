import type { ControlRef } from '../core/units/common.js';
import type { Catalogue } from './catalogue.js';
import { type CisAws50Control, cis, cisAws50 } from './cis-aws-5.0.js';
import { type Nist80053Control, nist, nist80053r5 } from './nist-800-53-r5.js';
import { type PciDss40Control, pci, pciDss40 } from './pci-dss-4.0.js';

/**
 * Every catalogue Skywatch knows. Add a framework by adding its file here; checks then reference
 * its controls through a typed helper exported from that file (an unknown control does not compile).
 */
export const CATALOGUES: readonly Catalogue[] = [cisAws50, nist80053r5, pciDss40];

export function findCatalogue(id: string): Catalogue | undefined {
  return CATALOGUES.find((c) => c.id === id);
}

export function controlExists(framework: string, control: string): boolean {
  const c = findCatalogue(framework);
  return Boolean(c && Object.hasOwn(c.controls, control));
}

/** The spellings the design note uses; each accepts only the version it has a catalogue for. */
export function cisAws(version: '5.0', control: CisAws50Control): ControlRef {
  void version;
  return cis(control);
}
export function nist80053(control: Nist80053Control): ControlRef {
  return nist(control);
}
export function pciDss(version: '4.0', control: PciDss40Control): ControlRef {
  void version;
  return pci(control);
}

export { cis, cisAws50, nist, nist80053r5, pci, pciDss40 };
export type { CisAws50Control, Nist80053Control, PciDss40Control };
