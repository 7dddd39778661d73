import { z } from 'zod';
import { suppressionRuleSchema } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { routingRule } from '../../core/response-config.js';
import type { Alert, IntegrationRecord, Store } from '../../store/index.js';
import { REMEDIATION_RUN_STATUSES, type RemediationRun } from '../../store/repos/remediation-runs.repo.js';
import type { StoredRoutingRule } from '../../store/repos/routing-rules.repo.js';
import { applySuppressions, isActive, loadSuppressions, matchOf, type SuppressionRule } from '../../engine/detect/config/suppressions.js';
import { integrationUnits, saveIntegration, testIntegration } from '../../engine/respond/registry.js';
import { ApprovalError, type RemediateDeps, decideApproval, remediateAlert } from '../../engine/respond/remediate.js';
import { loadUnits } from '../../engine/units.js';
import { open } from '../../store/secrets.js';
import { inScope } from '../auth/authenticate.js';
import type { Principal } from '../auth/roles.js';
import { HttpError, type RouteDef, type ServerEnv, defineRoute, pageOf, pageQuery } from '../http.js';
import { alertInScope } from './data.routes.js';

/**
 * Integrations, routing rules, suppressions and remediation (plan, apply, approvals) over HTTP.
 * Everything defined in skywatch.yaml is listed with `origin: "config"` and is read-only here:
 * the file is the source of truth for it, and an API edit would be undone on the next sync.
 */

const id = z.object({ id: z.string().min(1).max(200) });

/** A config error (unknown type, bad option) is the caller's input: 400 naming the field. */
function asHttp(e: unknown): never {
  if (e instanceof ConfigError) throw new HttpError(400, e.message, e.field);
  throw e;
}

// ---- integrations -------------------------------------------------------------------------

const integrationName = z.string().regex(/^[a-z0-9][a-z0-9-_]{0,62}$/i, 'letters, digits, - and _ (up to 63)');

function integrationView(i: IntegrationRecord, env: ServerEnv) {
  const { allowPrivate, ...options } = i.options as { allowPrivate?: boolean } & Record<string, unknown>;
  const fromConfig = (env.config.integrations ?? []).some((c) => c.name === i.name);
  return {
    id: i.id,
    name: i.name,
    type: i.type,
    version: i.version,
    enabled: i.enabled,
    options,
    allowPrivate: Boolean(allowPrivate),
    // Credentials are sealed at rest and never leave the server.
    credentials: i.secret ? 'sealed' : 'none',
    origin: fromConfig ? 'config' : 'store',
    readOnly: fromConfig,
  };
}

async function integrationOr404(store: Store, integrationId: string): Promise<IntegrationRecord> {
  const rec = await store.integrations.get(integrationId);
  if (!rec) throw new HttpError(404, `no integration "${integrationId}"`, 'id');
  return rec;
}

function writable(rec: IntegrationRecord, env: ServerEnv): void {
  if ((env.config.integrations ?? []).some((c) => c.name === rec.name))
    throw new HttpError(409, `integration "${rec.name}" is defined in skywatch.yaml: change it there`, 'id');
}

const integrationBody = z.strictObject({
  name: integrationName,
  type: z.string().min(1).max(50),
  options: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.unknown()).default({}),
  allowPrivate: z.boolean().optional(),
  enabled: z.boolean().default(true),
});

const integrationPatch = z.strictObject({
  options: z.record(z.string(), z.unknown()).optional(),
  /** Absent keeps the sealed credentials as they are (the form never sees them). */
  credentials: z.record(z.string(), z.unknown()).optional(),
  allowPrivate: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const integrationRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/integrations/types',
    summary: 'Integration types with their option and credential fields',
    tag: 'integrations',
    permission: 'read',
    async handler() {
      const fields = (s: z.ZodType) =>
        Object.keys(((z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as { properties?: object }).properties ?? {}) as object);
      return {
        items: [...integrationUnits().values()]
          .map((u) => ({ id: u.id, title: u.title, version: u.version, options: fields(u.options), credentials: fields(u.credentials) }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/integrations',
    summary: 'Integrations (credentials never shown; skywatch.yaml ones are read-only)',
    tag: 'integrations',
    permission: 'read',
    query: z.strictObject(pageQuery),
    async handler({ query, store, env }) {
      return pageOf(
        (await store.integrations.list()).map((i) => integrationView(i, env)),
        query,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/integrations/:id',
    summary: 'An integration with its recent deliveries',
    tag: 'integrations',
    permission: 'read',
    params: id,
    async handler({ params, store, env }) {
      const rec = await integrationOr404(store, params.id);
      return { integration: integrationView(rec, env), deliveries: await store.deliveries.list({ integrationId: rec.id, limit: 50 }) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/integrations',
    summary: 'Add an integration (admin); credentials are sealed at rest',
    tag: 'integrations',
    permission: 'admin',
    audit: 'integration.create',
    body: integrationBody,
    async handler({ body, store, env }) {
      if (await store.integrations.byName(body.name)) throw new HttpError(409, `an integration named "${body.name}" exists`, 'name');
      const rec = await saveIntegration(store, env.key, integrationUnits(), {
        name: body.name,
        type: body.type,
        options: body.options,
        credentials: body.credentials,
        ...(body.allowPrivate && { allowPrivate: true }),
        enabled: body.enabled,
      }).catch(asHttp);
      return integrationView(rec, env);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/integrations/:id',
    summary: 'Change an integration (admin); omitted credentials stay as they are',
    tag: 'integrations',
    permission: 'admin',
    audit: 'integration.update',
    params: id,
    body: integrationPatch,
    async handler({ params, body, store, env }) {
      const rec = await integrationOr404(store, params.id);
      writable(rec, env);
      const { allowPrivate, ...oldOptions } = rec.options as { allowPrivate?: boolean } & Record<string, unknown>;
      const credentials = body.credentials ?? (rec.secret ? (JSON.parse(open(env.key, rec.secret)) as Record<string, unknown>) : {});
      const saved = await saveIntegration(store, env.key, integrationUnits(), {
        name: rec.name,
        type: rec.type,
        options: body.options ?? oldOptions,
        credentials,
        ...((body.allowPrivate ?? allowPrivate) && { allowPrivate: true }),
        enabled: body.enabled ?? rec.enabled,
      }).catch(asHttp);
      return integrationView(saved, env);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/integrations/:id',
    summary: 'Remove an integration (admin)',
    tag: 'integrations',
    permission: 'admin',
    audit: 'integration.delete',
    params: id,
    async handler({ params, store, env }) {
      const rec = await integrationOr404(store, params.id);
      writable(rec, env);
      await store.integrations.delete(rec.id);
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/integrations/:id/test',
    summary: "Test the connection: the integration's own client sends a test message to the real other side (admin)",
    tag: 'integrations',
    permission: 'admin',
    audit: 'integration.test',
    params: id,
    async handler({ params, store, env }) {
      const rec = await integrationOr404(store, params.id);
      return testIntegration(store, env.key, rec.name).catch(asHttp);
    },
  }),
];

// ---- routing rules --------------------------------------------------------------------------

interface RoutingView {
  id: string;
  origin: 'config' | 'store';
  readOnly: boolean;
  position: number;
  rule: z.infer<typeof routingRule>;
  author: string;
}

async function routingViews(store: Store, env: ServerEnv): Promise<RoutingView[]> {
  const cfg = (env.config.routing ?? []).map((rule, i) => ({
    id: `cfg_routing_${String(i).padStart(4, '0')}`,
    origin: 'config' as const,
    readOnly: true,
    position: i - (env.config.routing?.length ?? 0),
    rule,
    author: 'skywatch.yaml',
  }));
  const stored = (await store.routingRules.list()).map((r: StoredRoutingRule) => ({
    id: r.id,
    origin: 'store' as const,
    readOnly: false,
    position: r.position,
    rule: r.rule,
    author: r.author,
  }));
  return [...cfg, ...stored];
}

/** A rule naming accounts outside a scoped user's accounts is not theirs to see. */
const routingInScope = (p: Principal, v: RoutingView) => !p.accounts || (v.rule.match?.accounts ?? []).every((a) => p.accounts?.includes(a));

/** `to` and `escalate.to` must name integrations that exist (or the owner/team placeholders): a typo would route nowhere. */
async function checkTargets(store: Store, rule: z.infer<typeof routingRule>): Promise<void> {
  const names = new Set([...(await store.integrations.list()).map((i) => i.name), 'owner', 'team']);
  for (const [where, list] of [
    ['to', rule.to],
    ['escalate.to', rule.escalate?.to ?? []],
  ] as const)
    list.forEach((n, i) => {
      if (!names.has(n)) throw new HttpError(400, `body field "${where}.${i}": no integration named "${n}" (nor owner or team)`, `${where}.${i}`);
    });
}

export const routingRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/routing',
    summary: 'Routing rules in the order they apply: skywatch.yaml first (read-only), then the stored ones',
    tag: 'routing',
    permission: 'read',
    query: z.strictObject(pageQuery),
    async handler({ query, principal, store, env }) {
      const views = (await routingViews(store, env)).filter((v) => routingInScope(principal, v));
      return pageOf(views, query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/routing',
    summary: 'Add a routing rule after the existing ones (admin)',
    tag: 'routing',
    permission: 'admin',
    audit: 'routing.create',
    body: routingRule,
    async handler({ body, principal, store }) {
      await checkTargets(store, body);
      return store.routingRules.create(body, principal.username);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/routing/:id',
    summary: 'Replace a stored routing rule (admin)',
    tag: 'routing',
    permission: 'admin',
    audit: 'routing.update',
    params: id,
    body: routingRule,
    async handler({ params, body, store }) {
      if (params.id.startsWith('cfg_')) throw new HttpError(409, 'this rule is defined in skywatch.yaml: change it there', 'id');
      await checkTargets(store, body);
      if (!(await store.routingRules.update(params.id, { rule: body }))) throw new HttpError(404, `no routing rule "${params.id}"`, 'id');
      return store.routingRules.get(params.id);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/routing/:id',
    summary: 'Delete a stored routing rule (admin)',
    tag: 'routing',
    permission: 'admin',
    audit: 'routing.delete',
    params: id,
    async handler({ params, store }) {
      if (params.id.startsWith('cfg_')) throw new HttpError(409, 'this rule is defined in skywatch.yaml: remove it there', 'id');
      if (!(await store.routingRules.delete(params.id))) throw new HttpError(404, `no routing rule "${params.id}"`, 'id');
      return { ok: true };
    },
  }),
];

// ---- suppressions ---------------------------------------------------------------------------

/**
 * A scoped user sees (and may expire) only rules confined to their accounts; a rule without
 * `accounts` reaches every account, so it is an unscoped user's to make.
 */
const suppressionInScope = (p: Principal, r: SuppressionRule) =>
  !p.accounts || (r.match.accounts?.length ? r.match.accounts.every((a) => p.accounts?.includes(a)) : false);

export const suppressionBody = z.strictObject({
  checkIds: z.array(z.string().min(1).max(200)).min(1).optional(),
  accounts: z.array(z.string().min(1).max(64)).min(1).optional(),
  regions: z.array(z.string().min(1).max(64)).min(1).optional(),
  resourceIds: z.array(z.string().min(1).max(2048)).min(1).optional(),
  arnGlobs: z.array(z.string().min(1).max(2048)).min(1).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  reason: z.string().min(3, 'say why the risk is accepted (3 characters or more)').max(2000),
  owner: z.string().min(1).max(200).optional(),
  /** YYYY-MM-DD (end of that day, UTC) or an ISO time; absent = until expired by hand. */
  expires: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
});

/** Stores a rule and brings findings in line with every rule (skywatch.yaml's included). */
export async function addSuppression(
  store: Store,
  env: ServerEnv,
  author: string,
  body: z.infer<typeof suppressionBody>,
): Promise<{ suppression: SuppressionRule; suppressed: number }> {
  const { owner, expires, reason, ...matchers } = body;
  const parsed = suppressionRuleSchema.safeParse({ ...matchers, reason, ...(owner && { owner }), ...(expires && { expires }) });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const field = i?.path.join('.') || 'checkIds';
    throw new HttpError(400, `body field "${field}": ${i?.message}`, field);
  }
  const expiresAt = expires ? (/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59.999Z` : new Date(expires).toISOString()) : null;
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) throw new HttpError(400, 'body field "expires": must be in the future', 'expires');
  const s = await store.suppressions.create({ match: matchOf(parsed.data), reason, owner: owner ?? null, author, expiresAt });
  const applied = await applySuppressions(store, await loadSuppressions(store, env.config), new Date());
  return { suppression: { ...s, origin: 'store' }, suppressed: applied.suppressed };
}

export const suppressionRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/suppressions',
    summary: 'Suppression rules (skywatch.yaml and stored), active and expired, with the findings each holds',
    tag: 'suppressions',
    permission: 'read',
    query: z.strictObject({ active: z.enum(['true', 'false']).optional(), ...pageQuery }),
    async handler({ query, principal, store, env }) {
      const now = new Date();
      const held = await store.configQueries.suppressedCounts();
      const rules = (await loadSuppressions(store, env.config))
        .filter((r) => suppressionInScope(principal, r))
        .map((r) => ({ ...r, active: isActive(r, now), readOnly: r.origin === 'config', findings: held.get(r.id) ?? 0 }))
        .filter((r) => query.active === undefined || String(r.active) === query.active);
      return pageOf(rules, query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/suppressions',
    summary: 'Add a suppression rule (AND within a rule, OR across rules); matching findings are suppressed now',
    tag: 'suppressions',
    permission: 'triage',
    audit: 'suppression.add',
    body: suppressionBody,
    async handler({ body, principal, store, env }) {
      if (principal.accounts) {
        if (!body.accounts) throw new HttpError(400, 'body field "accounts": required for a user scoped to accounts', 'accounts');
        const foreign = body.accounts.find((a) => !principal.accounts?.includes(a));
        if (foreign) throw new HttpError(403, `account ${foreign} is outside your scope`, 'accounts');
      }
      return addSuppression(store, env, principal.username, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/suppressions/:id',
    summary: 'Expire a stored suppression rule now (kept for the record); its findings re-open',
    tag: 'suppressions',
    permission: 'triage',
    audit: 'suppression.expire',
    params: id,
    async handler({ params, principal, store, env }) {
      if (params.id.startsWith('cfg_')) throw new HttpError(409, 'this rule is defined in skywatch.yaml: remove it there', 'id');
      const rule = (await loadSuppressions(store, env.config)).find((r) => r.id === params.id);
      if (!rule || !suppressionInScope(principal, rule)) throw new HttpError(404, `no suppression "${params.id}"`, 'id');
      if (!isActive(rule, new Date())) throw new HttpError(409, `suppression "${params.id}" already expired at ${rule.expiresAt}`, 'id');
      await store.suppressions.expire(rule.id);
      const applied = await applySuppressions(store, await loadSuppressions(store, env.config), new Date());
      return { ok: true, reopened: applied.reopened };
    },
  }),
];

// ---- remediation ----------------------------------------------------------------------------

function remediateDeps(env: ServerEnv, actor: string, store: Store): RemediateDeps {
  return {
    store,
    actor,
    ...(env.config.remediation && { policy: env.config.remediation }),
    ...(env.remediationVerify && { verify: env.remediationVerify }),
    context: env.remediationContext,
  };
}

async function alertFor(store: Store, p: Principal, alertId: string): Promise<Alert> {
  const alert = await store.alerts.get(alertId);
  if (!alert || !alertInScope(p, alert.data)) throw new HttpError(404, 'no such alert', 'id');
  return alert;
}

function runView(r: RemediationRun) {
  const unit = loadUnits().remediations.get(r.remediationId);
  return {
    id: r.id,
    alertId: r.alertId,
    remediationId: r.remediationId,
    title: unit?.title ?? r.remediationId,
    impact: unit?.impact ?? null,
    // The cloud API actions the remediation calls (its declared permissions), in the order it uses them.
    apiCalls: unit?.permissions ?? [],
    resourceId: r.resourceId,
    account: r.account,
    region: r.region,
    mode: r.mode,
    status: r.status,
    requestedBy: r.actor,
    approvedBy: r.approvedBy,
    summary: r.plan.summary,
    changes: r.plan.changes,
    diff: (r.result.diff as string[] | undefined) ?? [],
    reason: (r.result.reason as string | undefined) ?? null,
    verify: (r.result.verify as string | undefined) ?? null,
    autoAllowed: (r.result.autoAllowed as string | null | undefined) ?? null,
    error: r.error,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const remediationOnly = z.strictObject({ remediation: z.string().min(1).max(200).optional() });

export const remediationRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/alerts/:id/remediation/plan',
    summary: "Dry-run: which remediations fix the alert's findings, the exact changes and API calls; nothing is changed (recorded as a planned run)",
    tag: 'remediation',
    permission: 'triage',
    params: id,
    query: remediationOnly,
    async handler({ params, query, principal, store, env }) {
      await alertFor(store, principal, params.id);
      const runs = await remediateAlert(remediateDeps(env, principal.username, store), params.id, {
        ...(query.remediation && { only: query.remediation }),
      }).catch(asHttp);
      return { dryRun: true, items: runs.map(runView) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/alerts/:id/remediation/apply',
    summary: 'Apply: runs now where a remediation.auto policy allows it, or for an admin when two-person approval is off; otherwise queues for approval',
    tag: 'remediation',
    permission: 'triage',
    audit: 'remediation.request',
    params: id,
    body: remediationOnly.optional(),
    async handler({ params, body, principal, store, env }) {
      await alertFor(store, principal, params.id);
      const adminApproves = principal.role === 'admin' && !env.config.remediation?.twoPersonApproval;
      const runs = await remediateAlert(remediateDeps(env, principal.username, store), params.id, {
        apply: true,
        ...(adminApproves && { approve: true }),
        approvalHint: env.config.remediation?.twoPersonApproval
          ? 'waiting for an admin other than the requester to approve it'
          : 'waiting for an admin to approve it',
        ...(body?.remediation && { only: body.remediation }),
      }).catch(asHttp);
      return { items: runs.map(runView) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts/:id/remediation/runs',
    summary: "The alert's remediation runs (plans, applies, approvals, rollbacks), newest first",
    tag: 'remediation',
    permission: 'read',
    params: id,
    async handler({ params, principal, store }) {
      await alertFor(store, principal, params.id);
      return { items: (await store.remediationRuns.list({ alertId: params.id })).map(runView) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/remediation/approvals',
    summary: 'The approvals queue: applies awaiting approval (or, with status, decided ones)',
    tag: 'remediation',
    permission: 'read',
    query: z.strictObject({ status: z.enum(REMEDIATION_RUN_STATUSES).default('awaiting-approval'), ...pageQuery }),
    async handler({ query, principal, store }) {
      const runs = (await store.remediationRuns.list({ status: query.status })).filter((r) => r.mode === 'apply' && inScope(principal, r.account));
      const page = pageOf(runs, query);
      return { ...page, items: page.items.map(runView) };
    },
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    defineRoute({
      method: 'POST',
      url: `/api/remediation/approvals/:id/${decision}`,
      summary:
        decision === 'approve'
          ? 'Approve and apply a queued remediation (admin; someone other than the requester when remediation.twoPersonApproval is set)'
          : 'Reject a queued remediation with a reason (admin)',
      tag: 'remediation',
      permission: 'remediate',
      // decideApproval audits the decision (and the apply) itself.
      params: id,
      body: (decision === 'reject' ? z.strictObject({ reason: z.string().min(3).max(2000) }) : z.strictObject({}).optional()) as z.ZodType<unknown>,
      async handler({ params, body, principal, store, env }) {
        const run = await store.remediationRuns.get(params.id);
        if (!run || !inScope(principal, run.account)) throw new HttpError(404, `no remediation run "${params.id}"`, 'id');
        if (run.status !== 'awaiting-approval') throw new HttpError(409, `run ${run.id} is ${run.status}, not awaiting approval`, 'id');
        const deps = remediateDeps(env, principal.username, store);
        const out = await decideApproval(
          deps,
          run.id,
          decision === 'approve' ? { approve: true } : { approve: false, reason: (body as { reason: string }).reason },
        ).catch((e: unknown) => {
          if (e instanceof ApprovalError) throw new HttpError(403, e.message);
          return asHttp(e);
        });
        return runView(out);
      },
    }),
  ),
];

export const respondRoutes: RouteDef<any, any, any>[] = [...integrationRoutes, ...routingRoutes, ...suppressionRoutes, ...remediationRoutes];
