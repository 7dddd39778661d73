import { join } from 'node:path';
import { ConfigError, IntegrationError } from '../../core/errors.js';
import type { IntegrationEntry } from '../../core/response-config.js';
import type { IntegrationContext, IntegrationUnit } from '../../core/units/integration.js';
import { loadSecretKey, open, seal } from '../../store/secrets.js';
import type { IntegrationRecord, Store } from '../../store/index.js';
import { loadUnits } from '../units.js';
import { guardedFetch, validateHost } from './outbound.js';

/**
 * Integrations as configured: rows in the `integrations` table (from `skywatch integrations add`
 * or synced from skywatch.yaml), options in the clear, credentials sealed with the store's key.
 */
export function secretKey(home: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadSecretKey({ ...(env.SKYWATCH_SECRET_KEY && { env: env.SKYWATCH_SECRET_KEY }), file: join(home, 'secret.key') });
}

export function integrationUnits(): ReadonlyMap<string, IntegrationUnit> {
  return loadUnits().integrations;
}

/** `${NAME}` in a credential value is read from the environment, so skywatch.yaml holds no secrets. */
export function expandEnv(value: string, env: NodeJS.ProcessEnv, field: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) throw new ConfigError(`${field}: environment variable ${name} is not set`, { field });
    return v;
  });
}

/** Validates type, options and credentials against the unit's schemas; names the failing field. */
export function validateIntegration(
  units: ReadonlyMap<string, IntegrationUnit>,
  type: string,
  options: Record<string, unknown>,
  credentials: Record<string, unknown>,
  where = 'integration',
): { unit: IntegrationUnit; options: unknown; credentials: unknown } {
  const unit = units.get(type);
  if (!unit) throw new ConfigError(`${where}: unknown integration type "${type}" (known: ${[...units.keys()].sort().join(', ')})`, { field: 'type' });
  const o = unit.options.safeParse(options);
  if (!o.success)
    throw new ConfigError(`${where}: options.${o.error.issues[0]?.path.join('.')}: ${o.error.issues[0]?.message}`, {
      field: `options.${o.error.issues[0]?.path.join('.')}`,
    });
  const c = unit.credentials.safeParse(credentials);
  if (!c.success)
    throw new ConfigError(`${where}: credentials.${c.error.issues[0]?.path.join('.')}: ${c.error.issues[0]?.message}`, {
      field: `credentials.${c.error.issues[0]?.path.join('.')}`,
    });
  return { unit, options: o.data, credentials: c.data };
}

export async function saveIntegration(
  store: Store,
  key: Buffer,
  units: ReadonlyMap<string, IntegrationUnit>,
  e: { name: string; type: string; options: Record<string, unknown>; credentials: Record<string, unknown>; allowPrivate?: boolean; enabled?: boolean },
): Promise<IntegrationRecord> {
  const { unit } = validateIntegration(units, e.type, e.options, e.credentials, `integration "${e.name}"`);
  const options = { ...e.options, ...(e.allowPrivate && { allowPrivate: true }) };
  const secret = Object.keys(e.credentials).length ? seal(key, JSON.stringify(e.credentials)) : null;
  const existing = await store.integrations.byName(e.name);
  if (existing) {
    await store.integrations.update(existing.id, { type: e.type, version: unit.version, options, secret, enabled: e.enabled ?? true });
    return { ...existing, type: e.type, version: unit.version, options, secret, enabled: e.enabled ?? true };
  }
  return store.integrations.create({ name: e.name, type: e.type, version: unit.version, options, secret, enabled: e.enabled ?? true });
}

/** skywatch.yaml `integrations:` into the table: config wins for the names it lists. */
export async function syncConfigIntegrations(
  store: Store,
  key: Buffer,
  entries: readonly IntegrationEntry[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
  units = integrationUnits(),
): Promise<void> {
  for (const [i, e] of (entries ?? []).entries()) {
    const credentials = Object.fromEntries(Object.entries(e.credentials ?? {}).map(([k, v]) => [k, expandEnv(v, env, `integrations[${i}].credentials.${k}`)]));
    await saveIntegration(store, key, units, {
      name: e.name,
      type: e.type,
      options: e.options ?? {},
      credentials,
      ...(e.allowPrivate && { allowPrivate: true }),
      enabled: e.enabled ?? true,
    });
  }
}

/** What a unit's methods receive for a stored integration: parsed options, opened credentials, the guarded fetch. */
export function integrationContext(rec: IntegrationRecord, unit: IntegrationUnit, key: Buffer, fetchImpl?: typeof fetch): IntegrationContext<unknown, unknown> {
  const { allowPrivate, ...rest } = rec.options as { allowPrivate?: boolean };
  const options = unit.options.safeParse(rest);
  if (!options.success)
    throw new IntegrationError(`integration "${rec.name}": stored options no longer valid: ${options.error.issues[0]?.message}`, { retryable: false });
  let creds: unknown = {};
  if (rec.secret) {
    try {
      creds = JSON.parse(open(key, rec.secret));
    } catch (e) {
      throw new IntegrationError(`integration "${rec.name}": cannot open its sealed credentials (was SKYWATCH_SECRET_KEY changed?)`, {
        retryable: false,
        cause: e,
      });
    }
  }
  const credentials = unit.credentials.safeParse(creds);
  if (!credentials.success)
    throw new IntegrationError(`integration "${rec.name}": credentials invalid: ${credentials.error.issues[0]?.message}`, { retryable: false });
  const policy = { allowPrivate: Boolean(allowPrivate) };
  return { options: options.data, credentials: credentials.data, fetch: guardedFetch(policy, fetchImpl), checkHost: (h) => validateHost(h, policy) };
}

/** The "test connection" button: the unit's own test against the real other side. */
export async function testIntegration(
  store: Store,
  key: Buffer,
  name: string,
  units = integrationUnits(),
): Promise<{ ok: boolean; ms: number; error?: string }> {
  const rec = await store.integrations.byName(name);
  if (!rec) throw new ConfigError(`no integration named "${name}"`, { field: 'name' });
  const unit = units.get(rec.type);
  if (!unit) throw new ConfigError(`integration "${name}" has unknown type "${rec.type}"`, { field: 'type' });
  const started = Date.now();
  try {
    await unit.test(integrationContext(rec, unit, key));
    return { ok: true, ms: Date.now() - started };
  } catch (e) {
    return { ok: false, ms: Date.now() - started, error: e instanceof Error ? e.message : String(e) };
  }
}
