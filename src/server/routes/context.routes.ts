import { z } from 'zod';
import { findCatalogue } from '../../compliance/index.js';
import { complianceReport } from '../../engine/detect/config/compliance.js';
import { rankVulnerabilities } from '../../engine/detect/vulns/risk.js';
import { exposureOf } from '../../engine/context/exposure/index.js';
import { loadUnits } from '../../engine/units.js';
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
    }),
    async handler({ params, query, principal, store }) {
      const catalogue = findCatalogue(params.framework);
      if (!catalogue) throw new HttpError(404, `unknown framework "${params.framework}"`, 'framework');
      const account = accountParam(principal, query.account);
      return complianceReport(store, catalogue, loadUnits().checks, { ...(account && { account }) });
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
];
