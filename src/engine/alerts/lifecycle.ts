import { ConfigError } from '../../core/errors.js';
import type { Alert, Store } from '../../store/index.js';
import type { AlertData } from './raise.js';

/**
 * People's actions on an alert. Each writes the alert and a history entry naming who did it; the
 * pipeline's own changes (open, update, auto-resolve, reopen) are in raise.ts.
 */
async function load(store: Store, id: string): Promise<Alert> {
  const a = await store.alerts.get(id);
  if (!a) throw new ConfigError(`no alert with id "${id}"`, { field: 'alert-id' });
  return a;
}

export async function acknowledge(store: Store, id: string, actor: string, note?: string): Promise<Alert> {
  const a = await load(store, id);
  if (a.status === 'resolved') throw new ConfigError(`alert ${id} is resolved; nothing to acknowledge`, { field: 'alert-id' });
  if (a.status === 'acknowledged') return a;
  return (await store.alerts.update(id, { status: 'acknowledged' }, actor, note)) as Alert;
}

/** Resolving by hand: it stays resolved until a scan or window sees one of its findings again. */
export async function resolveAlert(store: Store, id: string, actor: string, note?: string, at = new Date()): Promise<Alert> {
  const a = await load(store, id);
  if (a.status === 'resolved') return a;
  return (await store.alerts.update(
    id,
    { status: 'resolved', resolvedAt: at.toISOString(), data: { ...a.data, resolution: note ?? `resolved by ${actor}` } },
    actor,
    note,
  )) as Alert;
}

/** Suppressed with a reason and (optionally) an expiry; the next run after the expiry reopens it if it still applies. */
export async function suppressAlert(store: Store, id: string, actor: string, reason: string, until: string | null, at = new Date()): Promise<Alert> {
  if (!reason.trim()) throw new ConfigError('a suppression needs a reason', { field: 'reason' });
  if (until !== null && (Number.isNaN(Date.parse(until)) || until <= at.toISOString()))
    throw new ConfigError(`--until must be a future ISO date or a duration (got "${until}")`, { field: 'until' });
  const a = await load(store, id);
  const data: AlertData = { ...(a.data as unknown as AlertData), suppression: { reason, until, by: actor, at: at.toISOString() } };
  return (await store.alerts.update(
    id,
    { status: 'suppressed', data: data as unknown as Record<string, unknown> },
    actor,
    `${reason}${until ? ` (until ${until})` : ''}`,
  )) as Alert;
}

export async function assignAlert(store: Store, id: string, actor: string, assignee: string): Promise<Alert> {
  await load(store, id);
  return (await store.alerts.update(id, { assignee }, actor)) as Alert;
}

/** Reopens a suppressed alert before its expiry. */
export async function unsuppressAlert(store: Store, id: string, actor: string): Promise<Alert> {
  const a = await load(store, id);
  if (a.status !== 'suppressed') return a;
  const { suppression: _s, ...rest } = a.data as unknown as AlertData;
  return (await store.alerts.update(id, { status: 'open', data: rest as unknown as Record<string, unknown> }, actor, 'suppression lifted')) as Alert;
}
