import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SkywatchConfig } from '../../core/config.js';
import type { IntegrationUnit } from '../../core/units/integration.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import type { Queue } from '../../jobs/queue.js';
import type { Alert, Store } from '../../store/index.js';
import { type RaiseOptions, type RaiseResult, raiseAlerts } from '../alerts/raise.js';
import { DELIVER_JOB, type DeliveryAction, type DeliveryEnv, deliveryHandler, runDelivery } from './deliver.js';
import { secretKey, syncConfigIntegrations } from './registry.js';
import { deliverAlert, deliverChanges, escalate } from './routing.js';

/**
 * What a command (or the pipeline) runs: sync integrations from skywatch.yaml, raise alerts,
 * queue their deliveries, escalate overdue ones. With no queue given, an embedded one is started
 * and drained before returning — in the embedded mode a command finishes its deliveries before
 * it exits. With a pg-boss queue, workers deliver.
 */
export interface RespondParams {
  store: Store;
  home: string;
  config: SkywatchConfig;
  env?: NodeJS.ProcessEnv;
  queue?: Queue;
  raise?: Omit<RaiseOptions, 'config'>;
  units?: ReadonlyMap<string, IntegrationUnit>;
  fetchImpl?: typeof fetch;
  drainTimeoutMs?: number;
  /** Delivery retry tuning (tests and the demo shorten it). */
  baseDelayMs?: number;
}

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SKYWATCH_HOME ?? join(homedir(), '.skywatch');
}

async function withQueue<T>(p: RespondParams, fn: (env: DeliveryEnv) => Promise<T>): Promise<T> {
  const key = secretKey(p.home, p.env ?? process.env);
  const base: Omit<DeliveryEnv, 'queue'> = {
    store: p.store,
    key,
    ...(p.units && { units: p.units }),
    ...(p.fetchImpl && { fetchImpl: p.fetchImpl }),
    ...(p.baseDelayMs !== undefined && { baseDelayMs: p.baseDelayMs }),
    ...(p.config.server?.publicUrl && { publicUrl: p.config.server.publicUrl }),
  };
  if (p.queue) return fn({ ...base, queue: p.queue });
  const queue = new EmbeddedQueue();
  await queue.start();
  await queue.work(DELIVER_JOB, { concurrency: 4 }, async (job) => deliveryHandler(base, queue)(job.data));
  try {
    const out = await fn({ ...base, queue });
    await queue.drain(p.drainTimeoutMs ?? 120_000);
    return out;
  } finally {
    await queue.stop({ graceful: false });
  }
}

export interface RespondResult {
  result: RaiseResult;
  deliveries: number;
  escalated: Alert[];
}

export async function raiseAndDeliver(p: RespondParams): Promise<RespondResult> {
  const key = secretKey(p.home, p.env ?? process.env);
  await syncConfigIntegrations(p.store, key, p.config.integrations, p.env ?? process.env, ...(p.units ? [p.units] : []));
  const cfg = {
    ...(p.config.routing && { routing: p.config.routing }),
    ...(p.config.teams && { teams: p.config.teams }),
    ...(p.config.alerts && { alerts: p.config.alerts }),
  };
  const result = await raiseAlerts(p.store, { ...(p.raise ?? {}), config: { ...cfg, ...(p.config.contacts && { contacts: p.config.contacts }) } });
  const { deliveries, escalated } = await withQueue(p, async (env) => ({
    deliveries: await deliverChanges(env, result, cfg),
    escalated: await escalate(env, cfg, p.raise?.now),
  }));
  return { result, deliveries, escalated };
}

/** A person's action (ack, resolve) reaches the integrations too: PagerDuty acknowledges, Jira closes. */
export async function deliverOne(p: RespondParams, alert: Alert, action: DeliveryAction): Promise<number> {
  const cfg = {
    ...(p.config.routing && { routing: p.config.routing }),
    ...(p.config.teams && { teams: p.config.teams }),
    ...(p.config.alerts && { alerts: p.config.alerts }),
  };
  return withQueue(p, (env) => deliverAlert(env, alert, action, cfg));
}

/** Retries dead letters by hand (after fixing the integration): they start again from attempt 0. */
export async function retryDead(p: RespondParams, ids: readonly string[]): Promise<number> {
  return withQueue(p, async (env) => {
    for (const id of ids) {
      await p.store.deliveries.update(id, { status: 'pending', attempts: 0, lastError: null });
      await runDelivery(env, id);
    }
    return ids.length;
  });
}
