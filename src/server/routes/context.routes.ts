import { z } from 'zod';
import { reportRows } from '../../cli/commands/compliance.command.js';
import type { Catalogue } from '../../compliance/catalogue.js';
import { CATALOGUES, findCatalogue } from '../../compliance/index.js';
import type { CheckStatus } from '../../core/status.js';
import type { CheckUnit } from '../../core/units/check.js';
import { type ControlStatus, complianceReport, controlStatus } from '../../engine/detect/config/compliance.js';
import { complianceHtml } from '../../engine/detect/config/report-html.js';
import { rankVulnerabilities } from '../../engine/detect/vulns/risk.js';
import { exposureOf } from '../../engine/context/exposure/index.js';
import { loadUnits } from '../../engine/units.js';
import { SEVERITIES } from '../../core/severity.js';
import type { Store } from '../../store/index.js';
import { inScope } from '../auth/authenticate.js';
import type { Principal } from '../auth/roles.js';
import { HttpError, type RouteDef, defineRoute } from '../http.js';

/** A scoped principal must name one of its accounts; others may name any account or none (all). */
function accountParam(p: Principal, account: string | undefined): string | undefined {
  if (account && !inScope(p, account)) throw new HttpError(404, 'no such account');
  if (!account && p.accounts) {
    if (p.accounts.length === 1) return p.accounts[0];
    throw new HttpError(400, 'query field "account": required for a user scoped to several accounts', 'account');
  }
  return account;
}

export const contextRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/compliance/:framework',
    summary: 'Compliance report: per control pass / fail / manual with failing resources',
    tag: 'compliance',
    permission: 'read',
    params: z.object({ framework: z.string().min(1).max(100) }),
    query: z.strictObject({
      account: z
        .string()
        .regex(/^\d{12}$/, 'must be a 12-digit account id')
        .optional(),
      /** json for the dashboard; csv (one row per control) and html (a printable report) download as files. */
      format: z.enum(['json', 'csv', 'html']).default('json'),
    }),
    async handler({ params, query, principal, store, reply }) {
      const catalogue = findCatalogue(params.framework);
      if (!catalogue) throw new HttpError(404, `unknown framework "${params.framework}"`, 'framework');
      const account = accountParam(principal, query.account);
      const report = await complianceReport(store, catalogue, loadUnits().checks, { ...(account && { account }) });
      if (query.format === 'json') return report;
      const file = `${catalogue.id}${account ? `-${account}` : ''}.${query.format}`;
      reply.header('Content-Disposition', `attachment; filename="${file}"`);
      reply.type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/html; charset=utf-8');
      return query.format === 'csv' ? reportRows(report, 'csv') : complianceHtml(report);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/compliance',
    summary: 'The compliance frameworks Skywatch reports on',
    tag: 'compliance',
    permission: 'read',
    async handler() {
      return { items: CATALOGUES.map((c) => ({ id: c.id, title: c.title, controls: Object.keys(c.controls).length })) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vulnerabilities',
    summary: 'Vulnerabilities ranked by risk, with the factors of each score',
    tag: 'vulnerabilities',
    permission: 'read',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100), account: z.string().optional() }),
    async handler({ query, principal, store }) {
      const ranked = (await rankVulnerabilities(store)).filter(
        (v) => inScope(principal, v.account) && (!query.account || v.account === query.account) && (v.account !== null || !principal.accounts),
      );
      return { items: ranked.slice(0, query.limit), total: ranked.length };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exposure/:id',
    summary: 'Internet exposure of a resource: reachable ports and the path, hop by hop',
    tag: 'exposure',
    permission: 'read',
    params: z.object({ id: z.string().min(1).max(2048) }),
    async handler({ params, principal, store }) {
      const resource = await store.resources.get(params.id);
      if (!resource || !inScope(principal, resource.account)) throw new HttpError(404, 'no such resource');
      return { resource: { id: resource.id, type: resource.type, name: resource.name }, exposure: (await exposureOf(store, resource.id)) ?? null };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/identities',
    summary: 'Identities seen in audit logs with their baseline state and anomaly counts',
    tag: 'identities',
    permission: 'read',
    query: z.strictObject({ account: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    async handler({ query, principal, store }) {
      if (query.account && !inScope(principal, query.account)) return { items: [] };
      const items = await store.identities.list({ ...(query.account && { account: query.account }), limit: query.limit });
      return { items: items.filter((i) => inScope(principal, i.account)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/identities/:identity',
    summary: 'One identity: its behaviour baseline, recent anomalies with the factors they break, and its activity findings',
    tag: 'identities',
    permission: 'read',
    params: z.object({ identity: z.string().min(1).max(2048) }),
    async handler({ params, principal, store }) {
      const profile = await store.identities.get<IdentityProfileView>(params.identity);
      if (!profile || !inScope(principal, profile.account)) throw new HttpError(404, 'no such identity');
      const findings = [];
      // Activity findings name their actor in the evidence; one account's activity findings are few.
      let after: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const page = await store.findings.list({ source: 'activity', account: profile.account }, { ...(after && { after }), limit: 1000 });
        for (const f of page.items) {
          const actor = (f.evidence.actor as { identity?: string } | undefined)?.identity;
          if (actor === profile.identity || f.resourceId === profile.identity) findings.push(f);
        }
        if (!page.next) break;
        after = page.next;
      }
      const top = (m: Record<string, number> | undefined, n = 15) =>
        Object.entries(m ?? {})
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([key, count]) => ({ key, count }));
      const iso = (t: number | undefined) => (t ? new Date(t).toISOString() : null);
      return {
        identity: profile.identity,
        account: profile.account,
        type: profile.type,
        name: profile.name,
        firstSeen: iso(profile.firstSeen),
        lastSeen: iso(profile.lastSeen),
        learningUntil: iso(profile.learningUntil),
        events: profile.events,
        baseline: {
          actions: top(profile.actions, 25),
          regions: top(profile.regions),
          countries: top(profile.countries),
          asns: top(profile.asns),
          userAgents: top(profile.userAgents, 8),
          accessKeys: top(profile.accessKeys, 8),
          hours: profile.hours ?? [],
          volume: profile.volume ?? null,
        },
        anomalies: [...(profile.anomalies ?? [])].reverse().map((a) => ({ ...a, time: iso(a.time) })),
        findings: findings.sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : -1)),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/graph/:id',
    summary: "A resource's graph neighbourhood: nodes and edges within 1 or 2 hops (capped), scoped",
    tag: 'inventory',
    permission: 'read',
    params: z.object({ id: z.string().min(1).max(2048) }),
    query: z.strictObject({
      hops: z.coerce.number().int().min(1).max(2).default(2),
      limit: z.coerce.number().int().min(2).max(500).default(120),
    }),
    async handler({ params, query, principal, store }) {
      const root = await store.resources.get(params.id);
      if (!root || !inScope(principal, root.account)) throw new HttpError(404, 'no such resource');
      return neighbourhood(store, principal, root.id, query.hops, query.limit);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/network/top-talkers',
    summary: 'Resources by bytes seen in flow logs (inbound and outbound), largest first',
    tag: 'network',
    permission: 'read',
    query: z.strictObject({
      account: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(25),
    }),
    async handler({ query, principal, store }) {
      if (query.account && !inScope(principal, query.account)) return { items: [] };
      const accounts = query.account ? [query.account] : principal.accounts;
      return { items: await store.dashboard.topTalkers({ ...(accounts && { accounts }), limit: query.limit }) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/overview/alert-trend',
    summary: 'Alerts opened per UTC day and severity over the last N days',
    tag: 'overview',
    permission: 'read',
    query: z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) }),
    async handler({ query, principal, store }) {
      const now = Date.now();
      const start = new Date(now - (query.days - 1) * 86_400_000).toISOString().slice(0, 10);
      const days = Array.from({ length: query.days }, (_, i) => new Date(Date.parse(start) + i * 86_400_000).toISOString().slice(0, 10));
      const rows = principal.accounts
        ? (await store.dashboard.alertsSince(start))
            .filter((a) => a.accounts.length > 0 && a.accounts.every((x) => inScope(principal, x)))
            .map((a) => ({ day: a.day, severity: a.severity, n: 1 }))
        : await store.dashboard.alertsPerDay(start);
      const series: Record<string, number[]> = {};
      for (const s of SEVERITIES) series[s] = days.map(() => 0);
      for (const r of rows) {
        const i = days.indexOf(r.day);
        const row = series[r.severity];
        if (i >= 0 && row) row[i] = (row[i] ?? 0) + r.n;
      }
      return { days, series };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/overview/posture',
    summary: 'Risk posture: per account resources, open findings by severity and controls failing per framework; per framework totals',
    tag: 'overview',
    permission: 'read',
    async handler({ principal, store }) {
      const checks = loadUnits().checks;
      const resources = new Map<string, number>();
      for (const f of await store.resources.facets()) if (inScope(principal, f.account)) resources.set(f.account, (resources.get(f.account) ?? 0) + f.n);
      const findings = new Map<string, Record<string, number>>();
      for (const r of await store.dashboard.openFindingsByAccount(principal.accounts)) {
        const key = r.account ?? '(none)';
        const row = findings.get(key) ?? {};
        row[r.severity] = (row[r.severity] ?? 0) + r.n;
        findings.set(key, row);
      }
      const names = new Map((await store.accounts.list()).map((a) => [a.id, a.name]));
      const counts = new Map<string, { checkId: string; status: CheckStatus; n: number }[]>();
      const all: { checkId: string; status: CheckStatus; n: number }[] = [];
      for (const r of await store.dashboard.checkCountsByAccount(principal.accounts)) {
        const row = { checkId: r.checkId, status: r.status as CheckStatus, n: r.n };
        (counts.get(r.account) ?? counts.set(r.account, []).get(r.account))?.push(row);
        all.push(row);
      }
      const accounts = [...new Set([...resources.keys(), ...findings.keys()])].sort();
      const byAccount = accounts.map((account) => ({
        account,
        name: names.get(account) ?? null,
        resources: resources.get(account) ?? 0,
        findings: findings.get(account) ?? {},
        frameworks: Object.fromEntries(CATALOGUES.map((c) => [c.id, frameworkSummary(c, checks, counts.get(account) ?? [])])) as Record<
          string,
          FrameworkSummary
        >,
      }));
      // Over several accounts a control's counts add up, so the totals use the same rule as one account's report.
      const byFramework = CATALOGUES.map((c) => ({ framework: c.id, title: c.title, ...frameworkSummary(c, checks, all) }));
      return { byAccount, byFramework };
    },
  }),
];

/** The fields of an activity profile (engine/activity/baselines) the identity page shows. */
interface IdentityProfileView {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: number;
  lastSeen: number;
  learningUntil: number;
  events: number;
  actions?: Record<string, number>;
  regions?: Record<string, number>;
  countries?: Record<string, number>;
  asns?: Record<string, number>;
  userAgents?: Record<string, number>;
  accessKeys?: Record<string, number>;
  hours?: number[];
  volume?: { mean: number; max: number; n: number } | null;
  anomalies: {
    time: number;
    eventId: string;
    action: string;
    sourceIp?: string;
    score: number;
    factors: { factor: string; score: number; explanation: string }[];
  }[];
}

type FrameworkSummary = Record<ControlStatus, number> & { controls: number };

/**
 * A framework's pass / fail / manual control counts from per-check counts only (no failing rows
 * read): the same rule as the full report, cheap enough to run per account on every overview.
 */
export function frameworkSummary(
  catalogue: Catalogue,
  checks: readonly CheckUnit[],
  rows: readonly { checkId: string; status: CheckStatus; n: number }[],
): FrameworkSummary {
  const perCheck = new Map<string, Record<CheckStatus, number>>();
  for (const r of rows) {
    const c = perCheck.get(r.checkId) ?? { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
    c[r.status] = (c[r.status] ?? 0) + r.n;
    perCheck.set(r.checkId, c);
  }
  const mapped = new Map<string, string[]>();
  for (const c of checks)
    for (const ref of c.compliance) if (ref.framework === catalogue.id) (mapped.get(ref.control) ?? mapped.set(ref.control, []).get(ref.control))?.push(c.id);
  const out: FrameworkSummary = { pass: 0, fail: 0, manual: 0, controls: 0 };
  for (const [id, ctl] of Object.entries(catalogue.controls)) {
    const ids = mapped.get(id) ?? [];
    const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
    for (const cid of ids) {
      const c = perCheck.get(cid);
      if (c) for (const s of Object.keys(counts) as CheckStatus[]) counts[s] += c[s];
    }
    out[controlStatus(ctl.automated, ids, counts, new Map()).status]++;
    out.controls++;
  }
  return out;
}

interface GraphNode {
  id: string;
  name: string;
  type: string | null;
  account: string | null;
  hop: number;
}

/**
 * Breadth-first over live edges from `rootId`, at most `limit` nodes. Nodes outside the
 * principal's scope are dropped (with their edges) so a scoped user never learns another
 * account's resource ids; for everyone else, ids the inventory does not know (external principals,
 * AWS-managed policies) stay as bare nodes.
 */
async function neighbourhood(store: Store, principal: Principal, rootId: string, hops: number, limit: number) {
  const hopOf = new Map<string, number>([[rootId, 0]]);
  const edges = new Map<string, { from: string; to: string; kind: string }>();
  let frontier = [rootId];
  let truncated = false;
  for (let hop = 1; hop <= hops && frontier.length; hop++) {
    const next: string[] = [];
    for (const e of await store.configQueries.edgesTouching(frontier)) {
      for (const other of [e.from, e.to]) {
        if (hopOf.has(other)) continue;
        if (hopOf.size >= limit) {
          truncated = true;
          continue;
        }
        hopOf.set(other, hop);
        next.push(other);
      }
      if (hopOf.has(e.from) && hopOf.has(e.to)) edges.set(`${e.from}\u0001${e.kind}\u0001${e.to}`, e);
    }
    frontier = next;
  }
  const known = new Map((await store.resources.getMany([...hopOf.keys()])).map((r) => [r.id, r]));
  const nodes: GraphNode[] = [];
  for (const [id, hop] of hopOf) {
    const r = known.get(id);
    if (r ? !inScope(principal, r.account) : principal.accounts) continue;
    nodes.push({ id, name: r?.name ?? id, type: r?.type ?? null, account: r?.account ?? null, hop });
  }
  const kept = new Set(nodes.map((n) => n.id));
  return { root: rootId, nodes, edges: [...edges.values()].filter((e) => kept.has(e.from) && kept.has(e.to)), truncated };
}
