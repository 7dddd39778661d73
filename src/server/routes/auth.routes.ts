import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/authenticate.js';
import { verifyPassword } from '../auth/passwords.js';
import { newCsrfToken, signSession } from '../auth/tokens.js';
import { HttpError } from '../http.js';

const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
const SESSION_HOURS = 12;

/**
 * Login is the one state-changing route without a principal, so it is registered directly, rate
 * limited per client address, and audited for failures too.
 */
export function registerAuthRoutes(app: FastifyInstance, store: Store, key: Buffer, opts: { secureCookies: boolean; loginPerMinute: number }): void {
  app.post('/api/auth/login', { config: { rateLimit: { max: opts.loginPerMinute, timeWindow: '1 minute' } } }, async (req, reply) => {
    const parsed = loginBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'body';
      throw new HttpError(400, `body field "${field}": ${parsed.error.issues[0]?.message}`, field);
    }
    const user = await store.users.byUsername(parsed.data.username);
    const ok = user && !user.disabled && (await verifyPassword(parsed.data.password, user.passwordHash));
    if (!user || !ok) {
      await store.audit.record(parsed.data.username, 'auth.login-failed', null, { ip: req.ip });
      throw new HttpError(401, 'wrong username or password');
    }
    const csrf = newCsrfToken();
    const session = signSession(key, { userId: user.id, expires: Date.now() + SESSION_HOURS * 3_600_000, csrf });
    const base = { path: '/', sameSite: 'strict' as const, secure: opts.secureCookies, maxAge: SESSION_HOURS * 3600 };
    reply.setCookie(SESSION_COOKIE, session, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
    await store.audit.record(user.username, 'auth.login', user.id, { ip: req.ip });
    return { user: { id: user.id, username: user.username, role: user.role, scope: user.scope }, csrfToken: csrf };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    if (req.principal) await store.audit.record(req.principal.username, 'auth.logout', req.principal.userId, {});
    return { ok: true };
  });

  app.get('/api/auth/me', async (req) => {
    const p = req.principal;
    if (!p) throw new HttpError(401, 'authentication required');
    return { id: p.userId, username: p.username, role: p.role, accounts: p.accounts ?? null, via: p.via };
  });
}
