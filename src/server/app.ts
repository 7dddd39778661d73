import { awsRemediation } from '../engine/respond/aws-remediation.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { skywatchVersion } from '../core/version.js';
import type { Store } from '../store/index.js';
import { authenticator, inScope } from './auth/authenticate.js';
import { EventBus } from './events.js';
import type { SkywatchConfig } from '../core/config.js';
import { watchStore } from '../engine/live/watch.js';
import { HttpError, openApi, type RouteDef, registerRoutes, type ServerEnv } from './http.js';
import { respondRoutes } from './routes/respond.routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { contextRoutes } from './routes/context.routes.js';
import { alertRoutes, findingRoutes, inventoryRoutes, scanRoutes } from './routes/data.routes.js';

export interface AppOptions {
  store: Store;
  log: Logger;
  /** Signs session cookies (the same key that seals secrets). */
  key: Buffer;
  events?: EventBus;
  /** Set when served over HTTPS (or behind a TLS proxy): cookies get `Secure`. */
  secureCookies?: boolean;
  loginPerMinute?: number;
  /** Built dashboard to serve at `/` (default dist/web when it exists). */
  webDir?: string;
  /** The loaded skywatch.yaml: config-defined integrations, routing and suppressions (read-only over the API), remediation policy. */
  config?: SkywatchConfig;
  /** How remediations reach the cloud and verify (default: `awsRemediation`'s credentials and regions, no verification). */
  remediationContext?: ServerEnv['remediationContext'];
  remediationVerify?: ServerEnv['remediationVerify'];
  /** How often the store is watched for live events (scan progress, new alerts); 0 turns it off. Default 2000 ms. */
  liveIntervalMs?: number;
  /** Extra route tables that capabilities contribute. */
  routes?: readonly RouteDef<any, any, any>[];
}

/** The dashboard is a same-origin SPA: scripts only from here, no inline script, no framing. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1_048_576,
  });
  const events = opts.events ?? new EventBus();
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    return payload;
  });

  app.setErrorHandler((err: Error & { statusCode?: number; field?: string }, _req, reply) => {
    if (err instanceof HttpError) return reply.status(err.status).send({ error: err.message, ...(err.field && { field: err.field }) });
    if (err.statusCode && err.statusCode < 500) return reply.status(err.statusCode).send({ error: err.message });
    opts.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: 'internal error' });
  });

  app.addHook('onRequest', authenticator(opts.store, opts.key));

  app.get('/healthz', async () => {
    const status = await opts.store.migrationStatus();
    return { status: 'ok', version: skywatchVersion(), store: opts.store.dialect, migrationsPending: status.filter((m) => !m.applied).length };
  });

  registerAuthRoutes(app, opts.store, opts.key, { secureCookies: opts.secureCookies ?? false, loginPerMinute: opts.loginPerMinute ?? 10 });
  const routes = [
    ...inventoryRoutes,
    ...findingRoutes,
    ...alertRoutes,
    ...scanRoutes,
    ...contextRoutes,
    ...adminRoutes,
    ...respondRoutes,
    ...(opts.routes ?? []),
  ];
  const env: ServerEnv = {
    config: opts.config ?? {},
    key: opts.key,
    // Built once, so the caller's identity and assumed roles are resolved once, not per request.
    remediationContext: opts.remediationContext ?? awsRemediation(opts.store, opts.config ?? {}, process.env).context,
    ...(opts.remediationVerify && { remediationVerify: opts.remediationVerify }),
  };
  registerRoutes(app, opts.store, routes, env);

  // Scans, check runs and alerts happen in whichever process runs them; all write the store, so the
  // server watches it and fans what is new out to the SSE clients.
  const interval = opts.liveIntervalMs ?? 2000;
  if (interval > 0) {
    const stop = watchStore(
      opts.store,
      (u) => events.publish(u),
      interval,
      (err) => opts.log.warn({ err }, 'live update watch failed'),
    );
    app.addHook('onClose', async () => stop());
  }
  app.get('/api/openapi.json', async () => openApi(routes, skywatchVersion()));

  // Server-sent events: one stream per client; a scoped user only receives events of their accounts.
  app.get('/api/events', async (req, reply) => {
    const p = req.principal;
    if (!p) throw new HttpError(401, 'authentication required');
    reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'Content-Security-Policy': CSP });
    reply.raw.write(': connected\n\n');
    const off = events.subscribe((e) => {
      const account = typeof e.data.account === 'string' ? e.data.account : undefined;
      if (p.accounts && !inScope(p, account)) return;
      reply.raw.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    });
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      off();
    });
    return reply;
  });

  const web = opts.webDir ?? WEB_DIR;
  if (existsSync(web)) {
    await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false });
    // Client-side routes (/alerts/…) load the app shell.
    app.setNotFoundHandler((req, reply) => (req.url.startsWith('/api/') ? reply.status(404).send({ error: 'not found' }) : reply.sendFile('index.html')));
  }
  return app;
}

export async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const addr = app.server.address();
  const realPort = typeof addr === 'object' && addr ? addr.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
}
