import { z } from 'zod';
import { compareFindings } from '../../core/order.js';
import { SEVERITIES } from '../../core/severity.js';
import { ALERT_STATUSES, FINDING_SOURCES, FINDING_STATUSES } from '../../core/status.js';
import { inScope } from '../auth/authenticate.js';
import type { Principal } from '../auth/roles.js';
import type { Store } from '../../store/index.js';
import { HttpError, type RouteDef, type ServerEnv, defineRoute, pageQuery } from '../http.js';
import { addSuppression } from './respond.routes.js';

const id = z.object({ id: z.string().min(1).max(2048) });

/** A scoped principal's accounts, or undefined for all; a request for another account is refused, not widened. */
function accountsFor(p: Principal, requested?: string): readonly string[] | undefined {
  if (requested && p.accounts && !p.accounts.includes(requested)) return [];
  if (requested) return [requested];
  return p.accounts;
}

export const inventoryRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/inventory',
    summary: 'Search the inventory (keyset-paginated; filters are indexed)',
    tag: 'inventory',
    permission: 'read',
    query: z.strictObject({
      type: z.string().optional(),
      account: z.string().optional(),
      region: z.string().optional(),
      search: z.string().max(200).optional(),
      ...pageQuery,
    }),
    async handler({ query, principal, store }) {
      const accounts = accountsFor(principal, query.account);
      return store.resources.list(
        {
          ...(query.type && { type: query.type }),
          ...(query.region && { region: query.region }),
          ...(query.search && { search: query.search }),
          ...(accounts && { accounts }),
        },
        { ...(query.after && { after: query.after }), limit: query.limit },
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/inventory/facets',
    summary: 'Resource counts by type, account and region',
    tag: 'inventory',
    permission: 'read',
    async handler({ principal, store }) {
      return (await store.resources.facets()).filter((f) => inScope(principal, f.account));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/inventory/:id',
    summary: 'A resource with its edges and change history',
    tag: 'inventory',
    permission: 'read',
    params: id,
    async handler({ params, principal, store }) {
      const resource = await store.resources.get(params.id);
      if (!resource || !inScope(principal, resource.account)) throw new HttpError(404, 'no such resource');
      const [edges, changes, findings] = await Promise.all([
        store.edges.of(resource.id),
        store.resources.changes({ resourceId: resource.id, limit: 200 }),
        store.findings.list({ resourceId: resource.id }, { limit: 500 }),
      ]);
      return { resource, edges, changes, findings: findings.items };
    },
  }),
];

export const findingRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/findings',
    summary: 'Findings of every source, filtered and keyset-paginated',
    tag: 'findings',
    permission: 'read',
    query: z.strictObject({
      source: z.enum(FINDING_SOURCES).optional(),
      severity: z.enum(SEVERITIES).optional(),
      status: z.enum(FINDING_STATUSES).optional(),
      ruleId: z.string().optional(),
      resourceId: z.string().optional(),
      account: z.string().optional(),
      ...pageQuery,
    }),
    async handler({ query, principal, store }) {
      const accounts = accountsFor(principal, query.account);
      const { after, limit, account: _a, ...filter } = query;
      return store.findings.list({ ...filter, ...(accounts && { accounts }) }, { ...(after && { after }), limit });
    },
  }),
];

/**
 * Alerts carry the accounts of their resources (`data.accounts`, or each of `data.resources`); a
 * scoped user sees an alert only when all are in scope.
 */
export function alertInScope(p: Principal, data: Record<string, unknown>): boolean {
  if (!p.accounts) return true;
  const accounts = Array.isArray(data.accounts)
    ? (data.accounts as string[])
    : Array.isArray(data.resources)
      ? (data.resources as { account?: string }[]).map((r) => r.account ?? '')
      : [];
  return accounts.length > 0 && accounts.every((a) => p.accounts?.includes(a));
}

/**
 * `suppress` with `createRule`: a suppression rule for the alert's findings (their checks on their
 * resources) with the same reason and expiry, so the next scan keeps them suppressed instead of
 * re-raising the alert.
 */
async function ruleForAlert(ctx: { store: Store; env: ServerEnv; principal: Principal }, alertId: string, reason: string, expiresAt?: string) {
  const findings = (await Promise.all((await ctx.store.alerts.findingIds(alertId)).map((f) => ctx.store.findings.get(f)))).filter((f) => f !== undefined);
  const checkIds = [...new Set(findings.map((f) => f.ruleId))];
  const resourceIds = [...new Set(findings.map((f) => f.resourceId).filter((r): r is string => Boolean(r)))];
  const accounts = [...new Set(findings.map((f) => f.account).filter((a): a is string => Boolean(a)))];
  if (!checkIds.length) throw new HttpError(409, 'the alert has no findings to write a suppression rule for', 'createRule');
  return addSuppression(ctx.store, ctx.env, ctx.principal.username, {
    checkIds,
    ...(resourceIds.length && { resourceIds }),
    ...(accounts.length && { accounts }),
    reason,
    ...(expiresAt && { expires: expiresAt }),
  });
}

const alertAction = (action: 'ack' | 'resolve' | 'assign' | 'suppress') =>
  defineRoute({
    method: 'POST',
    url: `/api/alerts/:id/${action}`,
    summary: `${action[0]?.toUpperCase()}${action.slice(1)} an alert`,
    tag: 'alerts',
    permission: 'triage',
    params: id,
    audit: `alert.${action}`,
    body: (action === 'assign'
      ? z.strictObject({ assignee: z.string().min(1).max(200), note: z.string().max(2000).optional() })
      : action === 'suppress'
        ? z.strictObject({ reason: z.string().min(3).max(2000), expiresAt: z.iso.datetime().optional(), createRule: z.boolean().optional() })
        : z.strictObject({ note: z.string().max(2000).optional() }).optional()) as z.ZodType<unknown>,
    async handler({ params, body, principal, store, env }) {
      const alert = await store.alerts.get(params.id);
      if (!alert || !alertInScope(principal, alert.data)) throw new HttpError(404, 'no such alert');
      const b = (body ?? {}) as { note?: string; assignee?: string; reason?: string; expiresAt?: string; createRule?: boolean };
      const rule = b.createRule ? await ruleForAlert({ store, env, principal }, alert.id, b.reason as string, b.expiresAt) : undefined;
      const patch =
        action === 'ack'
          ? { status: 'acknowledged' as const }
          : action === 'resolve'
            ? { status: 'resolved' as const, resolvedAt: new Date().toISOString() }
            : action === 'assign'
              ? { assignee: b.assignee ?? null }
              : {
                  status: 'suppressed' as const,
                  data: {
                    ...alert.data,
                    suppression: { reason: b.reason, expiresAt: b.expiresAt ?? null, by: principal.username, ...(rule && { rule: rule.suppression.id }) },
                  },
                };
      const updated = await store.alerts.update(alert.id, patch, principal.username, b.note ?? b.reason);
      return rule ? { ...updated, suppressionRule: rule.suppression, suppressedFindings: rule.suppressed } : updated;
    },
  });

export const alertRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/alerts',
    summary: 'Alerts, filtered and keyset-paginated',
    tag: 'alerts',
    permission: 'read',
    query: z.strictObject({ status: z.enum(ALERT_STATUSES).optional(), severity: z.enum(SEVERITIES).optional(), ...pageQuery }),
    async handler({ query, principal, store }) {
      const page = await store.alerts.list(
        { ...(query.status && { status: query.status }), ...(query.severity && { severity: query.severity }) },
        { ...(query.after && { after: query.after }), limit: query.limit },
      );
      return { ...page, items: page.items.filter((a) => alertInScope(principal, a.data)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts/:id',
    summary: 'An alert with its history and findings',
    tag: 'alerts',
    permission: 'read',
    params: id,
    async handler({ params, principal, store }) {
      const alert = await store.alerts.get(params.id);
      if (!alert || !alertInScope(principal, alert.data)) throw new HttpError(404, 'no such alert');
      const findingIds = await store.alerts.findingIds(alert.id);
      const findings = (await Promise.all(findingIds.map((f) => store.findings.get(f)))).filter((f) => f !== undefined).sort(compareFindings);
      return { alert, history: await store.alerts.history(alert.id), findings, deliveries: await store.deliveries.forAlert(alert.id) };
    },
  }),
  alertAction('ack'),
  alertAction('resolve'),
  alertAction('assign'),
  alertAction('suppress'),
];

export const scanRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/scans',
    summary: 'Recent scans',
    tag: 'scans',
    permission: 'read',
    async handler({ store }) {
      return { items: await store.scans.list(50) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/scans/:id',
    summary: 'A scan with its coverage gaps',
    tag: 'scans',
    permission: 'read',
    params: id,
    async handler({ params, principal, store }) {
      const scan = await store.scans.get(params.id);
      if (!scan) throw new HttpError(404, 'no such scan');
      return { scan, gaps: (await store.scans.gaps(scan.id)).filter((g) => inScope(principal, g.account)) };
    },
  }),
];
