import type { SkywatchConfig } from '../../../core/config.js';
import { ConfigError } from '../../../core/errors.js';
import type { ResourceRecord } from '../../../core/resource.js';
import { severityRank } from '../../../core/severity.js';
import { CHECK_STATUSES } from '../../../core/status.js';
import { type CheckContext, type CheckOutcome, type CheckUnit, checkError } from '../../../core/units/check.js';

type ChecksConfig = NonNullable<SkywatchConfig['checks']>;

/** The collector hydrate fields the enabled checks read: discovery fetches only these. */
export function wantedHydrations(checks: readonly Pick<CheckUnit, 'needs'>[]): Set<string> {
  const out = new Set<string>();
  for (const c of checks) for (const n of c.needs ?? []) out.add(n);
  return out;
}

/**
 * The checks a run evaluates: not disabled, at or above `minSeverity`. An id in `disabled` or
 * `params` that names no check is a configuration error (a typo would otherwise silently do nothing).
 */
export function selectChecks(all: readonly CheckUnit[], cfg: ChecksConfig = {}): CheckUnit[] {
  const ids = new Set(all.map((c) => c.id));
  const unknown = [
    ...(cfg.disabled ?? []).filter((id) => !ids.has(id)).map((id) => `checks.disabled: unknown check "${id}"`),
    ...Object.keys(cfg.params ?? {})
      .filter((id) => !ids.has(id))
      .map((id) => `checks.params.${id}: unknown check "${id}"`),
  ];
  if (unknown.length) throw new ConfigError(unknown.join('\n'), { field: unknown[0]?.split(':')[0] ?? 'checks' });
  const disabled = new Set(cfg.disabled ?? []);
  const min = cfg.minSeverity ? severityRank(cfg.minSeverity) : 0;
  return all.filter((c) => !disabled.has(c.id) && severityRank(c.severity) >= min);
}

/** Each check's params: its zod defaults overlaid with `checks.params.<id>`; a bad value names its field. */
export function resolveParams(checks: readonly CheckUnit[], cfg: ChecksConfig = {}): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const problems: string[] = [];
  for (const c of checks) {
    if (!c.params) {
      out.set(c.id, {});
      continue;
    }
    const r = c.params.safeParse(cfg.params?.[c.id] ?? {});
    if (r.success) out.set(c.id, r.data);
    else for (const i of r.error.issues) problems.push(`checks.params.${c.id}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
  }
  if (problems.length) throw new ConfigError(problems.join('\n'), { field: problems[0]?.split(':')[0] ?? 'checks.params' });
  return out;
}

const STATUSES = new Set<string>(CHECK_STATUSES);

const NEEDED_KEYS = new WeakMap<CheckUnit, readonly string[]>();

/**
 * The top-level config keys a check needs on its own resource (`needs: ['policy.Statement']` → `policy`),
 * split once per check, not per evaluation. A need qualified by another resource type
 * (`aws.rds.db-parameter-group:parameters`, read by a graph check on the related group) asks discovery to
 * fetch that type's field but is no key of the checked resource: the check itself answers for its absence.
 */
export function neededKeys(check: CheckUnit): readonly string[] {
  let keys = NEEDED_KEYS.get(check);
  if (!keys) NEEDED_KEYS.set(check, (keys = ownNeeds(check).map((n) => n.split('.')[0] as string)));
  return keys;
}

function ownNeeds(check: CheckUnit): string[] {
  const out: string[] = [];
  for (const n of check.needs ?? []) {
    const colon = n.indexOf(':');
    if (colon < 0) out.push(n);
    else if (n.slice(0, colon) === check.resourceType) out.push(n.slice(colon + 1));
  }
  return out;
}

/**
 * One check on one resource, never throwing. A hydrated key the check needs that is absent makes the
 * result `error` with the collector's recorded reason (`access-denied`, …) before the check runs, so
 * missing data can never turn into a fail; an exception in a check is an `error` too.
 */
export function evaluateCheck(
  check: CheckUnit,
  resource: ResourceRecord,
  ctx: CheckContext<unknown>,
  keys: readonly string[] = neededKeys(check),
): CheckOutcome {
  const config = resource.config as Record<string, unknown> | null;
  for (const key of keys) {
    if (config === null || typeof config !== 'object' || config[key] === undefined) {
      const why = ((config?._errors ?? {}) as Record<string, string>)[key];
      return checkError(why ?? 'missing-data', why ? `${key} could not be collected: ${why}` : `${key} was not collected`);
    }
  }
  try {
    const o = check.evaluate(resource, ctx);
    if (!o || !STATUSES.has(o.status)) return checkError('bad-outcome', `check returned ${JSON.stringify(o?.status)}`);
    if ((o.status === 'error' || o.status === 'not-applicable') && !o.reason) return { ...o, reason: o.status === 'error' ? 'unknown' : 'does-not-apply' };
    return o;
  } catch (e) {
    return checkError('exception', e instanceof Error ? e.message : String(e));
  }
}
