import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP server on 127.0.0.1 (ephemeral port) that plays the receiving side of a protocol in
 * tests: routes answer with scripted replies (successive replies in order, the last one repeats),
 * and every request is recorded with its headers and body for assertions.
 */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  json: unknown;
  at: number;
}

export interface Reply {
  status?: number;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

type Handler = (req: Recorded) => Reply | Promise<Reply>;

export interface FakeServer {
  url: string;
  port: number;
  requests: Recorded[];
  /** Answer METHOD path (exact string or RegExp on the path) with a function or a script of replies. */
  on(method: string, path: string | RegExp, reply: Handler | Reply[]): void;
  /** Requests matching METHOD and path. */
  received(method: string, path: string | RegExp): Recorded[];
  close(): Promise<void>;
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const pathMatches = (p: string | RegExp, path: string) => (typeof p === 'string' ? p === path : p.test(path));

export async function startFakeServer(): Promise<FakeServer> {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await read(req);
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const rec: Recorded = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      body,
      json,
      at: Date.now(),
    };
    requests.push(rec);
    const route = [...routes].reverse().find((r) => r.method === rec.method && pathMatches(r.path, rec.path));
    const reply: Reply = route ? await route.handler(rec) : { status: 404, json: { error: `no route for ${rec.method} ${rec.path}` } };
    const payload = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status ?? 200, { ...(reply.json !== undefined && { 'content-type': 'application/json' }), ...(reply.headers ?? {}) });
    res.end(payload);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    on(method, path, reply) {
      let handler: Handler;
      if (Array.isArray(reply)) {
        let i = 0;
        handler = () => reply[Math.min(i++, reply.length - 1)] as Reply;
      } else handler = reply;
      routes.push({ method, path, handler });
    },
    received: (method, path) => requests.filter((r) => r.method === method && pathMatches(path, r.path)),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
