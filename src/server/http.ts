import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ZodType, z } from 'zod';
import type { SkywatchConfig } from '../core/config.js';
import type { RemediateDeps } from '../engine/respond/remediate.js';
import type { Store } from '../store/index.js';
import { type Permission, type Principal, can } from './auth/roles.js';

/** An error with an HTTP status; `field` names the offending input field for 400s. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * What routes need beyond the store: the loaded skywatch.yaml (config-defined integrations, routing
 * and suppressions are read-only from the API), the key that seals integration credentials, and
 * how remediations reach the cloud.
 */
export interface ServerEnv {
  config: SkywatchConfig;
  key: Buffer;
  /** SDK clients for an account and region (`buildApp` defaults to `awsRemediation`'s: assumed roles, home regions). */
  remediationContext: RemediateDeps['context'];
  /** Re-collect and re-run checks after an apply; absent → verified on the next scan. */
  remediationVerify?: RemediateDeps['verify'];
}

export interface RouteContext<Q, B, P> {
  env: ServerEnv;
  query: Q;
  body: B;
  params: P;
  principal: Principal;
  store: Store;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One route: its schemas are both the validation and the OpenAPI document, so the two cannot drift.
 * `permission` is checked before the handler runs; `audit` names the action recorded for state changes.
 */
export interface RouteDef<Q = unknown, B = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  permission: Permission;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  params?: ZodType<P>;
  /** Recorded in the audit log when the route changes state and succeeds. */
  audit?: string;
  handler(ctx: RouteContext<Q, B, P>): Promise<unknown>;
}

export function defineRoute<Q = unknown, B = unknown, P = unknown>(r: RouteDef<Q, B, P>): RouteDef<Q, B, P> {
  return r;
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  throw new HttpError(400, `${where} field "${field}": ${issue?.message ?? 'invalid'}`, field);
}

export function registerRoutes(app: FastifyInstance, store: Store, routes: readonly RouteDef<any, any, any>[], env: ServerEnv): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (req, reply) => {
        const principal = req.principal;
        if (!principal) throw new HttpError(401, 'authentication required');
        if (!can(principal.role, r.permission)) throw new HttpError(403, `role ${principal.role} may not ${r.permission}`);
        const ctx = {
          env,
          query: parse(r.query, req.query, 'query'),
          body: parse(r.body, req.body, 'body'),
          params: parse(r.params, req.params, 'path'),
          principal,
          store,
          req,
          reply,
        };
        const result = await r.handler(ctx);
        if (r.audit)
          await store.audit.record(principal.username, r.audit, (req.params as Record<string, string> | undefined)?.id ?? null, {
            via: principal.via,
            url: req.url,
            // What changed, minus secrets: the body's credentials never reach the audit log.
            ...(ctx.body && typeof ctx.body === 'object' && { input: redact(ctx.body as Record<string, unknown>) }),
          });
        return result;
      },
    });
  }
}

const SECRET_KEYS = /^(credentials|password|secret|token)$/i;
function redact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '(redacted)' : v]));
}

/**
 * Keyset page over a small in-memory collection (integrations, routing rules, suppressions,
 * approvals: configuration-sized, read whole), with the same `after`/`next` contract as the store's pages.
 */
export function pageOf<T extends { id: string }>(items: readonly T[], q: { after?: string | undefined; limit: number }): { items: T[]; next?: string } {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const from = q.after ? sorted.filter((i) => i.id > (q.after as string)) : sorted;
  const page = from.slice(0, q.limit);
  return from.length > q.limit ? { items: page, next: page[page.length - 1]?.id as string } : { items: page };
}

/** OpenAPI 3.1 from the route table. */
export function openApi(routes: readonly RouteDef<any, any, any>[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const json = (s: ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const params: unknown[] = [];
    for (const [loc, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const props = (json(schema).properties ?? {}) as Record<string, unknown>;
      const required = new Set((json(schema).required as string[] | undefined) ?? []);
      for (const [name, s] of Object.entries(props)) params.push({ name, in: loc, required: loc === 'path' || required.has(name), schema: s });
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      'x-permission': r.permission,
      parameters: params,
      ...(r.body && { requestBody: { required: true, content: { 'application/json': { schema: json(r.body) } } } }),
      responses: {
        '200': { description: 'OK' },
        '400': { description: 'invalid input; `field` names it' },
        '401': { description: 'not authenticated' },
        '403': { description: 'not allowed' },
      },
      security: [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Skywatch API', version },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (swt_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'sw_session', description: 'browser session; state changes need X-CSRF-Token' },
      },
    },
    paths,
  };
}

/** Keyset page query shared by every list route. */
export const pageQuery = {
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
};

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
