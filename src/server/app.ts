import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { skywatchVersion } from '../core/version.js';
import type { Store } from '../store/index.js';

export interface AppOptions {
  store: Store;
  log: Logger;
}

/** The HTTP app. `/healthz` is the one route that needs no authentication. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.log.child({ component: 'http' }) as FastifyBaseLogger, disableRequestLogging: true });
  app.get('/healthz', async () => {
    const status = await opts.store.migrationStatus();
    return { status: 'ok', version: skywatchVersion(), store: opts.store.dialect, migrationsPending: status.filter((m) => !m.applied).length };
  });
  return app;
}

export async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const addr = app.server.address();
  const realPort = typeof addr === 'object' && addr ? addr.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
}
