import type { ControlRef } from '../core/units/common.js';

/** A compliance framework as typed data: control ids and titles are facts from the published standard. */
export interface Control {
  title: string;
  section?: string;
  /** False where the control needs a person's judgement: reported as manual, never silently passed. */
  automated: boolean;
}

export interface Catalogue<Id extends string = string> {
  id: string;
  title: string;
  version: string;
  controls: Readonly<Record<Id, Control>>;
}

export function defineCatalogue<const Id extends string>(c: Catalogue<Id>): Catalogue<Id> {
  return c;
}

/** A typed reference builder: `ref(catalogue)('2.1.4')` only accepts ids the catalogue has. */
export function refTo<Id extends string>(c: Catalogue<Id>): (control: Id) => ControlRef {
  return (control) => ({ framework: c.id, control });
}
