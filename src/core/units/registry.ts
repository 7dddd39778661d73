import type { z } from 'zod';
import { RegistryError } from '../errors.js';
import type { CheckFamilyUnit, CheckUnit } from './check.js';
import type { CollectorUnit } from './collector.js';
import { type DetectorUnit, actionDeclarationProblems } from './detector.js';
import type { IntegrationUnit } from './integration.js';
import type { LogSourceUnit } from './log-source.js';
import type { RemediationUnit } from './remediation.js';
import type { ResourceUnit } from './resource.js';
import { attackId, controlRef, iamPermission, resourceType, severity, unitId } from './common.js';

/** One registered unit and the file it came from: the file name must equal the unit id. */
export interface Entry<U> {
  file: string;
  unit: U;
}

/** What `npm run gen` produces: every unit in the tree, by kind, imported statically. */
export interface UnitRegistry {
  resources: Entry<ResourceUnit>[];
  collectors: Entry<CollectorUnit<any>>[];
  checks: Entry<CheckUnit | CheckFamilyUnit>[];
  detectors: Entry<DetectorUnit<any>>[];
  logSources: Entry<LogSourceUnit<any>>[];
  integrations: Entry<IntegrationUnit<any, any>>[];
  remediations: Entry<RemediationUnit<any>>[];
}

/** The part of the registry a log ingest needs: detectors and the log sources they read. */
export type DetectorRegistry = Pick<UnitRegistry, 'detectors' | 'logSources'>;

/** The validated, flattened view the engine works with. */
export interface Units {
  resources: ReadonlyMap<string, ResourceUnit>;
  collectors: readonly CollectorUnit<any>[];
  checks: readonly CheckUnit[];
  detectors: readonly DetectorUnit<any>[];
  logSources: ReadonlyMap<string, LogSourceUnit<any>>;
  integrations: ReadonlyMap<string, IntegrationUnit<any, any>>;
  remediations: ReadonlyMap<string, RemediationUnit<any>>;
}

export function flattenChecks(entries: readonly Entry<CheckUnit | CheckFamilyUnit>[]): CheckUnit[] {
  return entries.flatMap((e) => (e.unit.kind === 'check-family' ? [...e.unit.checks] : [e.unit]));
}

/** `src/a/b/aws-s3-bucket.check.ts` → `aws-s3-bucket`. */
export function idFromFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.(resource|collector|check|detector|source|integration|remediation)\.ts$/, '');
}

/** Knows whether a compliance control exists; supplied by `src/compliance`. */
export type ControlLookup = (framework: string, control: string) => boolean;

/**
 * Start-up validation: every problem at once, each naming the file and the unit, so a broken
 * extension is fixed in one pass. Throws RegistryError; the CLI prints it and exits non-zero.
 */
export function validateRegistry(reg: UnitRegistry, controlExists: ControlLookup): Units {
  const problems: string[] = [];
  const meta = <T>(file: string, schema: z.ZodType<T>, value: unknown, what: string) => {
    const r = schema.safeParse(value);
    if (!r.success) for (const i of r.error.issues) problems.push(`${file}: ${what} ${i.path.join('.') || ''}: ${i.message}`.replace(/ :/, ':'));
  };
  const seen = new Map<string, string>();
  const unique = (kind: string, id: string, file: string) => {
    const k = `${kind}:${id}`;
    const prev = seen.get(k);
    if (prev) problems.push(`${file}: duplicate ${kind} id "${id}" (also in ${prev})`);
    else seen.set(k, file);
  };
  const named = (file: string, id: string) => {
    const expected = idFromFile(file);
    if (expected !== id) problems.push(`${file}: id "${id}" differs from its file name (expected "${expected}")`);
  };

  for (const { file, unit } of reg.resources) {
    meta(file, resourceType, unit.type, 'type');
    named(file, unit.id);
    unique('resource', unit.type, file);
  }
  const types = new Set(reg.resources.map((e) => e.unit.type));

  for (const { file, unit } of reg.collectors) {
    meta(file, unitId, unit.id, 'id');
    named(file, unit.id);
    unique('collector', unit.id, file);
    if (!types.has(unit.resourceType)) problems.push(`${file}: collector "${unit.id}" names unknown resource type "${unit.resourceType}"`);
    for (const p of unit.permissions) meta(file, iamPermission, p, 'permission');
  }

  for (const { file, unit } of reg.remediations) {
    meta(file, unitId, unit.id, 'id');
    named(file, unit.id);
    unique('remediation', unit.id, file);
    if (!types.has(unit.resourceType)) problems.push(`${file}: remediation "${unit.id}" names unknown resource type "${unit.resourceType}"`);
  }
  const remediationIds = new Set(reg.remediations.map((e) => e.unit.id));

  for (const { file, unit } of reg.checks) {
    named(file, unit.id);
    const list = unit.kind === 'check-family' ? unit.checks : [unit];
    if (unit.kind === 'check-family' && list.length === 0) problems.push(`${file}: check family "${unit.id}" has no variants`);
    for (const c of list) {
      meta(file, unitId, c.id, 'id');
      unique('check', c.id, file);
      meta(file, severity, c.severity, `check "${c.id}" severity`);
      if (!types.has(c.resourceType)) problems.push(`${file}: check "${c.id}" names unknown resource type "${c.resourceType}"`);
      if (c.remediation.remediationId && !remediationIds.has(c.remediation.remediationId))
        problems.push(`${file}: check "${c.id}" names unknown remediation "${c.remediation.remediationId}"`);
      for (const ref of c.compliance) {
        meta(file, controlRef, ref, `check "${c.id}" compliance`);
        if (!controlExists(ref.framework, ref.control)) problems.push(`${file}: check "${c.id}" names unknown control ${ref.framework} ${ref.control}`);
      }
      if (c.fixtures.length === 0) problems.push(`${file}: check "${c.id}" has no fixtures`);
    }
  }

  for (const { file, unit } of reg.logSources) {
    meta(file, unitId, unit.id, 'id');
    named(file, unit.id);
    unique('log source', unit.id, file);
  }
  const sources = new Set(reg.logSources.map((e) => e.unit.id));

  for (const { file, unit } of reg.detectors) {
    meta(file, unitId, unit.id, 'id');
    named(file, unit.id);
    unique('detector', unit.id, file);
    meta(file, severity, unit.severity, 'severity');
    for (const a of unit.attack) meta(file, attackId, a, 'attack');
    if (!sources.has(unit.source)) problems.push(`${file}: detector "${unit.id}" names unknown log source "${unit.source}"`);
    if (unit.fixtures.hit.length === 0) problems.push(`${file}: detector "${unit.id}" has no hit fixture`);
    for (const p of actionDeclarationProblems(unit)) problems.push(`${file}: detector "${unit.id}" ${p}`);
  }

  for (const { file, unit } of reg.integrations) {
    meta(file, unitId, unit.id, 'id');
    named(file, unit.id);
    unique('integration', unit.id, file);
  }

  if (problems.length) throw new RegistryError(problems);
  return {
    resources: new Map(reg.resources.map((e) => [e.unit.type, e.unit])),
    collectors: reg.collectors.map((e) => e.unit),
    checks: flattenChecks(reg.checks),
    detectors: reg.detectors.map((e) => e.unit),
    logSources: new Map(reg.logSources.map((e) => [e.unit.id, e.unit])),
    integrations: new Map(reg.integrations.map((e) => [e.unit.id, e.unit])),
    remediations: new Map(reg.remediations.map((e) => [e.unit.id, e.unit])),
  };
}
