import { IntegrationError, errorMessage } from '../../core/errors.js';
import { stableKey } from '../../core/ids.js';
import type { IntegrationUnit } from '../../core/units/integration.js';
import type { Queue } from '../../jobs/queue.js';
import type { Delivery, IntegrationRecord, Store } from '../../store/index.js';
import { alertView, toPayload } from '../alerts/view.js';
import { integrationContext, integrationUnits } from './registry.js';

/**
 * Delivery of alert changes to integrations, on the Queue. Each (integration, alert, action, state)
 * is one row in `deliveries` with an idempotency key, so raising the same change twice, or a
 * retried job, never sends twice. Failures retry with exponential backoff — or exactly the
 * server's Retry-After on a 429 — up to `maxAttempts`; then (or at once for a non-retryable error
 * such as a 400) the delivery is `dead`: the dead-letter record, also written to the audit log.
 */
export const DELIVER_JOB = 'alerts.deliver';
export type DeliveryAction = 'open' | 'update' | 'resolve';

export interface DeliveryEnv {
  store: Store;
  key: Buffer;
  queue?: Queue;
  units?: ReadonlyMap<string, IntegrationUnit>;
  fetchImpl?: typeof fetch;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Links in messages point here (`server.publicUrl`). */
  publicUrl?: string;
  random?: () => number;
}

export function backoffMs(attempt: number, env: Pick<DeliveryEnv, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const base = env.baseDelayMs ?? 2000;
  const exp = base * 2 ** Math.max(0, attempt - 1);
  return Math.min(env.maxDelayMs ?? 300_000, Math.round(exp * (0.75 + (env.random ?? Math.random)() * 0.5)));
}

/** Creates (once) and queues a delivery. Returns the stored row; an existing one is not queued again. */
export async function enqueueDelivery(
  env: DeliveryEnv,
  integration: IntegrationRecord,
  alertId: string,
  action: DeliveryAction,
  stateKey: string,
): Promise<Delivery> {
  const d = await env.store.deliveries.ensure({
    integrationId: integration.id,
    alertId,
    action,
    idempotencyKey: stableKey('delivery', integration.id, alertId, action, stateKey),
  });
  if (d.status === 'pending' && d.attempts === 0) {
    if (env.queue) await env.queue.enqueue(DELIVER_JOB, { deliveryId: d.id }, { retryLimit: 0 });
    else await runDelivery(env, d.id);
  }
  return d;
}

/** The previous successful delivery's external id (the ticket, the incident) for update and close. */
async function externalIdFor(store: Store, alertId: string, integrationId: string): Promise<string | undefined> {
  const list = await store.deliveries.forAlert(alertId);
  return [...list].reverse().find((d) => d.integrationId === integrationId && d.status === 'delivered' && d.externalId)?.externalId ?? undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one delivery attempt. Idempotent: a delivered or dead delivery is left alone. */
export async function runDelivery(env: DeliveryEnv, deliveryId: string): Promise<Delivery | undefined> {
  const { store } = env;
  const d = await store.deliveries.get(deliveryId);
  if (!d || d.status === 'delivered' || d.status === 'dead') return d;
  const attempts = d.attempts + 1;
  const integration = await store.integrations.get(d.integrationId);
  const alert = await store.alerts.get(d.alertId);
  try {
    if (!integration) throw new IntegrationError('the integration was removed', { retryable: false });
    if (!integration.enabled) throw new IntegrationError(`integration "${integration.name}" is disabled`, { retryable: false });
    if (!alert) throw new IntegrationError('the alert no longer exists', { retryable: false });
    const unit = (env.units ?? integrationUnits()).get(integration.type);
    if (!unit) throw new IntegrationError(`unknown integration type "${integration.type}"`, { retryable: false });
    const ctx = integrationContext(integration, unit, env.key, env.fetchImpl);
    const view = await alertView(store, alert);
    const payload = toPayload(view, d.action, env.publicUrl ? `${env.publicUrl.replace(/\/$/, '')}/alerts/${alert.id}` : undefined);
    const ext = await externalIdFor(store, alert.id, integration.id);
    let externalId: string | undefined = ext;
    if (d.action === 'resolve') {
      if (unit.close) await unit.close(payload, ext ?? '', ctx);
      else await unit.send(payload, ctx);
    } else if ((d.action === 'update' || ext) && unit.update) {
      externalId = (await unit.update(payload, ext ?? '', ctx)).externalId ?? ext;
    } else {
      externalId = (await unit.send(payload, ctx)).externalId ?? ext;
    }
    await store.deliveries.update(d.id, { status: 'delivered', attempts, lastError: null, nextAttemptAt: null, ...(externalId && { externalId }) });
    return { ...d, status: 'delivered', attempts, externalId: externalId ?? null, lastError: null };
  } catch (e) {
    const err = e instanceof IntegrationError ? e : new IntegrationError(errorMessage(e), { retryable: false, cause: e });
    const max = env.maxAttempts ?? 6;
    if (err.retryable && attempts < max) {
      const delay = err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, 3_600_000) : backoffMs(attempts, env);
      const next = new Date(Date.now() + delay);
      await store.deliveries.update(d.id, { status: 'pending', attempts, lastError: err.message, nextAttemptAt: next.toISOString() });
      if (env.queue) await env.queue.enqueue(DELIVER_JOB, { deliveryId: d.id }, { retryLimit: 0, startAfter: next });
      else {
        await sleep(delay);
        return runDelivery(env, d.id);
      }
      return { ...d, status: 'pending', attempts, lastError: err.message };
    }
    await store.deliveries.update(d.id, { status: 'dead', attempts, lastError: err.message, nextAttemptAt: null });
    await store.audit.record('skywatch', 'delivery.dead', d.id, {
      integration: integration?.name,
      alert: d.alertId,
      action: d.action,
      attempts,
      error: err.message,
      retryable: err.retryable,
    });
    return { ...d, status: 'dead', attempts, lastError: err.message };
  }
}

/** The job handler: what `skywatch worker` (and the embedded queue) runs for DELIVER_JOB. */
export function deliveryHandler(env: Omit<DeliveryEnv, 'queue'>, queue: Queue) {
  return async (data: unknown) => {
    await runDelivery({ ...env, queue }, (data as { deliveryId: string }).deliveryId);
  };
}
