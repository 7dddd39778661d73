import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/index.js';
import { HttpError } from '../http.js';
import type { Principal } from './roles.js';
import { hashToken, verifySession } from './tokens.js';

export const SESSION_COOKIE = 'sw_session';
export const CSRF_COOKIE = 'sw_csrf';

/** Routes that need no principal. Everything else under the server requires one. */
const PUBLIC = new Set(['/healthz', '/api/auth/login']);

function isPublic(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  if (PUBLIC.has(path)) return true;
  // The dashboard's static files and the login page load before the user has logged in; the data they show does not.
  return !path.startsWith('/api/');
}

/** Accounts a user's scope resolves to: listed accounts plus the accounts of listed teams. */
export async function scopeAccounts(store: Store, scope: { accounts?: string[]; teams?: string[] }): Promise<string[] | undefined> {
  if (!scope.accounts?.length && !scope.teams?.length) return undefined;
  const out = new Set(scope.accounts ?? []);
  if (scope.teams?.length) for (const a of await store.accounts.list()) if (a.team && scope.teams.includes(a.team)) out.add(a.id);
  return [...out];
}

/**
 * Resolves the caller from a Bearer API token or the signed session cookie. Cookie-authenticated
 * state changes must echo the session's CSRF token in `X-CSRF-Token` (double submit); token callers
 * are not exposed to CSRF.
 */
export function authenticator(store: Store, key: Buffer) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (isPublic(req.url)) return;
    const auth = req.headers.authorization;
    let principal: Principal | undefined;
    if (auth?.startsWith('Bearer ')) {
      const token = await store.users.tokenByHash(hashToken(auth.slice(7).trim()));
      if (!token || token.revokedAt) throw new HttpError(401, 'invalid or revoked API token');
      const user = await store.users.get(token.userId);
      if (!user || user.disabled) throw new HttpError(401, 'token owner is disabled');
      // A token never has more power than its owner: its role and accounts can only narrow.
      const role = token.scope.role && rank(token.scope.role) < rank(user.role) ? token.scope.role : user.role;
      const userAccounts = await scopeAccounts(store, user.scope);
      const accounts = token.scope.accounts?.length ? token.scope.accounts.filter((a) => !userAccounts || userAccounts.includes(a)) : userAccounts;
      principal = { userId: user.id, username: user.username, role, via: 'token', ...(accounts && { accounts }) };
    } else {
      const cookies = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
      const session = verifySession(key, cookies[SESSION_COOKIE]);
      if (!session) throw new HttpError(401, 'authentication required');
      const user = await store.users.get(session.userId);
      if (!user || user.disabled) throw new HttpError(401, 'user is disabled');
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers['x-csrf-token'] !== session.csrf) {
        throw new HttpError(403, 'missing or wrong X-CSRF-Token header');
      }
      const accounts = await scopeAccounts(store, user.scope);
      principal = { userId: user.id, username: user.username, role: user.role, via: 'session', csrf: session.csrf, ...(accounts && { accounts }) };
    }
    req.principal = principal;
  };
}

function rank(r: string): number {
  return r === 'admin' ? 3 : r === 'analyst' ? 2 : 1;
}

/** True when the principal may see a row of this account. */
export function inScope(p: Principal, account: string | null | undefined): boolean {
  return !p.accounts || (account !== null && account !== undefined && p.accounts.includes(account));
}
