import { parseDuration } from '../../core/config.js';
import type { AlertsConfig, RoutingConfig, TeamsConfig } from '../../core/response-config.js';
import { severityRank } from '../../core/severity.js';
import { stableKey } from '../../core/ids.js';
import type { Alert, IntegrationRecord, Store } from '../../store/index.js';
import type { AlertData, RaiseResult } from '../alerts/raise.js';
import { type DeliveryAction, type DeliveryEnv, enqueueDelivery } from './deliver.js';

/**
 * Routing: which integrations an alert goes to. Rules in skywatch.yaml `routing:` match on
 * severity, account, owning team and rule; `to` names integrations, plus two placeholders —
 * `owner` (the integrations that reach a person directly: Slack bot DM, email) and `team` (the
 * owning team's channel from `teams:`). Owner first, then team, then the rest. Without rules every
 * enabled integration receives every alert at or above `alerts.minSeverity`.
 */
export interface RoutingConfigs {
  routing?: RoutingConfig;
  teams?: TeamsConfig;
  alerts?: AlertsConfig;
}

const PERSONAL = new Set(['slack', 'email']);

function matches(rule: RoutingConfig[number], a: Alert): boolean {
  const d = a.data as unknown as AlertData;
  const m = rule.match ?? {};
  if (m.minSeverity && severityRank(a.severity) < severityRank(m.minSeverity)) return false;
  if (m.accounts && !d.resources?.some((r) => m.accounts?.includes(r.account))) return false;
  if (m.teams && !(d.ownerDetail?.team && m.teams.includes(d.ownerDetail.team))) return false;
  if (m.rules && !(d.ruleIds ?? []).concat(d.combination?.ruleId ?? []).some((r) => m.rules?.includes(r))) return false;
  return true;
}

function expand(names: readonly string[], a: Alert, integrations: readonly IntegrationRecord[], teams: TeamsConfig | undefined): IntegrationRecord[] {
  const d = a.data as unknown as AlertData;
  const byName = new Map(integrations.filter((i) => i.enabled).map((i) => [i.name, i]));
  const out: IntegrationRecord[] = [];
  const add = (i: IntegrationRecord | undefined) => i && !out.includes(i) && out.push(i);
  const ordered = [...names].sort((x, y) => (x === 'owner' ? -1 : y === 'owner' ? 1 : x === 'team' ? -1 : y === 'team' ? 1 : 0));
  for (const n of ordered) {
    if (n === 'owner') {
      for (const i of byName.values()) if (PERSONAL.has(i.type)) add(i);
    } else if (n === 'team') {
      const ch = d.ownerDetail?.team ? teams?.[d.ownerDetail.team]?.channel : undefined;
      if (ch) add(byName.get(ch));
    } else add(byName.get(n));
  }
  return out;
}

/**
 * The rules in force: skywatch.yaml's first (read-only from the API), then the store's (managed in
 * the dashboard), in their position order. Both have the same shape, so matching is one code path.
 */
export async function effectiveRouting(store: Store, config: RoutingConfig | undefined): Promise<RoutingConfig> {
  return [...(config ?? []), ...(await store.routingRules.list()).map((r) => r.rule)];
}

/**
 * Low and info alerts stay in the queue and the digest but are not pushed to people's tools unless
 * `alerts.minSeverity` says so: alert fatigue is a design constraint, not an afterthought.
 */
export const DEFAULT_ROUTED_SEVERITY = 'medium' as const;

export function routeAlert(a: Alert, integrations: readonly IntegrationRecord[], cfg: RoutingConfigs): IntegrationRecord[] {
  if (severityRank(a.severity) < severityRank(cfg.alerts?.minSeverity ?? DEFAULT_ROUTED_SEVERITY)) return [];
  if (!cfg.routing?.length) return integrations.filter((i) => i.enabled);
  const out: IntegrationRecord[] = [];
  for (const rule of cfg.routing) if (matches(rule, a)) for (const i of expand(rule.to, a, integrations, cfg.teams)) if (!out.includes(i)) out.push(i);
  return out;
}

/** The state an alert's delivery is about: the same state is never delivered twice to one integration. */
export function stateKey(a: Alert): string {
  return stableKey(a.status, a.severity, a.riskScore, a.owner, JSON.stringify(a.factors));
}

export async function deliverAlert(
  env: DeliveryEnv,
  a: Alert,
  action: DeliveryAction,
  cfg: RoutingConfigs,
  integrations?: readonly IntegrationRecord[],
): Promise<number> {
  const list = routeAlert(a, integrations ?? (await env.store.integrations.list()), cfg);
  for (const i of list) await enqueueDelivery(env, i, a.id, action, stateKey(a));
  return list.length;
}

/** Queues the deliveries of one raise run: opened and reopened alerts open, changed ones update, fixed ones resolve. */
export async function deliverChanges(env: DeliveryEnv, r: RaiseResult, cfg: RoutingConfigs): Promise<number> {
  const integrations = await env.store.integrations.list();
  if (!integrations.length) return 0;
  let n = 0;
  for (const a of [...r.opened, ...r.reopened]) n += await deliverAlert(env, a, 'open', cfg, integrations);
  for (const a of r.updated) n += await deliverAlert(env, a, 'update', cfg, integrations);
  for (const a of r.resolved) n += await deliverAlert(env, a, 'resolve', cfg, integrations);
  return n;
}

/**
 * Escalation: an alert still `open` (not acknowledged) after a rule's `escalate.after` goes to the
 * escalation targets, once; the history records it.
 */
export async function escalate(env: DeliveryEnv, cfg: RoutingConfigs, now = new Date()): Promise<Alert[]> {
  const rules = (cfg.routing ?? []).filter((r) => r.escalate);
  if (!rules.length) return [];
  const integrations = await env.store.integrations.list();
  const out: Alert[] = [];
  for (const a of await env.store.alerts.active()) {
    const d = a.data as unknown as AlertData;
    if (a.status !== 'open' || d.escalatedAt) continue;
    const opened = Date.parse(d.openedAt ?? a.firstSeen);
    const rule = rules.find((r) => matches(r, a) && now.getTime() - opened >= parseDuration(r.escalate?.after as string));
    if (!rule?.escalate) continue;
    const targets = expand(rule.escalate.to, a, integrations, cfg.teams);
    for (const i of targets) await enqueueDelivery(env, i, a.id, 'open', `escalate:${stateKey(a)}`);
    const updated = (await env.store.alerts.update(a.id, { data: { ...a.data, escalatedAt: now.toISOString() } }, 'skywatch')) as Alert;
    await env.store.alerts.addHistory({
      alertId: a.id,
      at: now.toISOString(),
      actor: 'skywatch',
      action: 'escalated',
      fromStatus: a.status,
      toStatus: a.status,
      note: `not acknowledged within ${rule.escalate.after}: sent to ${targets.map((t) => t.name).join(', ') || 'nobody (no such integration)'}`,
    });
    out.push(updated);
  }
  return out;
}
