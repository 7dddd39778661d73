import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SkywatchConfig } from '../../core/config.js';
import type { IntegrationUnit } from '../../core/units/integration.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import type { Queue } from '../../jobs/queue.js';
import type { Alert, Store } from '../../store/index.js';
import { type RaiseOptions, type RaiseResult, raiseAlerts } from '../alerts/raise.js';
import { DELIVER_JOB, type DeliveryAction, type DeliveryEnv, deliveryHandler, runDelivery } from './deliver.js';
import { buildDigest, digestPayload } from '../alerts/digest.js';
import { integrationContext, integrationUnits, secretKey, syncConfigIntegrations } from './registry.js';
import { deliverAlert, deliverChanges, effectiveRouting, escalate } from './routing.js';

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
  const routing = await effectiveRouting(p.store, p.config.routing);
  const cfg = {
    ...(routing.length && { routing }),
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
  const routing = await effectiveRouting(p.store, p.config.routing);
  const cfg = {
    ...(routing.length && { routing }),
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

export const ESCALATE_JOB = 'alerts.escalate';
export const DIGEST_JOB = 'alerts.digest';

export interface EscalateJob {
  routing?: RoutingConfigsData['routing'];
  teams?: RoutingConfigsData['teams'];
  alerts?: RoutingConfigsData['alerts'];
}
type RoutingConfigsData = Pick<SkywatchConfig, 'routing' | 'teams' | 'alerts'>;

/**
 * Recurring alert jobs for a long-running deployment (`skywatch serve`/`worker` call this with the
 * loaded config): escalation every 5 minutes when a routing rule escalates, and the daily digest
 * when `alerts.digest` is set. The config sections travel in the job data, so any worker can run them.
 */
export async function scheduleAlertJobs(queue: Queue, config: SkywatchConfig): Promise<string[]> {
  const scheduled: string[] = [];
  if (config.routing?.some((r) => r.escalate)) {
    const data: EscalateJob = {
      ...(config.routing && { routing: config.routing }),
      ...(config.teams && { teams: config.teams }),
      ...(config.alerts && { alerts: config.alerts }),
    };
    await queue.schedule(ESCALATE_JOB, '*/5 * * * *', data, { retryLimit: 0 });
    scheduled.push(ESCALATE_JOB);
  }
  if (config.alerts?.digest) {
    await queue.schedule(DIGEST_JOB, config.alerts.digest.cron ?? '0 8 * * *', { to: config.alerts.digest.to }, { retryLimit: 1 });
    scheduled.push(DIGEST_JOB);
  }
  return scheduled;
}

export async function runEscalateJob(store: Store, key: Buffer, queue: Queue | undefined, data: EscalateJob): Promise<number> {
  const cfg = { ...(data.routing && { routing: data.routing }), ...(data.teams && { teams: data.teams }), ...(data.alerts && { alerts: data.alerts }) };
  return (await escalate({ store, key, ...(queue && { queue }) }, cfg)).length;
}

export async function runDigestJob(store: Store, key: Buffer, data: { to: string[] }, units = integrationUnits()): Promise<string[]> {
  const digest = await buildDigest(store);
  const sent: string[] = [];
  for (const name of data.to) {
    const rec = await store.integrations.byName(name);
    const unit = rec && units.get(rec.type);
    if (!rec || !unit || !rec.enabled) continue;
    await unit.send(digestPayload(digest), integrationContext(rec, unit, key));
    await store.audit.record('skywatch', 'alerts.digest', rec.id, { integration: name, open: digest.open, new: digest.new.length });
    sent.push(name);
  }
  return sent;
}
