import { z } from 'zod';
import { ROLES } from '../../core/status.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken, newApiToken } from '../auth/tokens.js';
import { HttpError, type RouteDef, defineRoute } from '../http.js';

const scope = z.strictObject({
  accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id')).optional(),
  teams: z.array(z.string()).optional(),
});

export const adminRoutes: RouteDef<any, any, any>[] = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: 'Users (admin)',
    tag: 'users',
    permission: 'admin',
    async handler({ store }) {
      return { items: (await store.users.list()).map(({ passwordHash: _p, ...u }) => u) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: 'Create a user (admin)',
    tag: 'users',
    permission: 'admin',
    audit: 'user.create',
    body: z.strictObject({
      username: z.string().regex(/^[a-zA-Z0-9._@-]{2,100}$/, 'letters, digits and . _ @ - only'),
      password: z.string().min(12, 'at least 12 characters').max(1000),
      role: z.enum(ROLES),
      scope: scope.default({}),
    }),
    async handler({ body, store }) {
      if (await store.users.byUsername(body.username)) throw new HttpError(409, `user ${body.username} exists`, 'username');
      const u = await store.users.create({ username: body.username, passwordHash: await hashPassword(body.password), role: body.role, scope: body.scope });
      const { passwordHash: _p, ...rest } = u;
      return rest;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tokens',
    summary: 'Create an API token for yourself; it is shown once',
    tag: 'users',
    permission: 'read',
    audit: 'token.create',
    body: z.strictObject({ name: z.string().min(1).max(100), role: z.enum(ROLES).optional(), accounts: z.array(z.string()).optional() }),
    async handler({ body, principal, store }) {
      const token = newApiToken();
      const t = await store.users.createToken({
        userId: principal.userId,
        name: body.name,
        tokenHash: hashToken(token),
        scope: { ...(body.role && { role: body.role }), ...(body.accounts && { accounts: body.accounts }) },
      });
      return { id: t.id, name: t.name, token };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/tokens',
    summary: 'Your API tokens (never their values)',
    tag: 'users',
    permission: 'read',
    async handler({ principal, store }) {
      return { items: await store.users.tokensOf(principal.userId) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:id',
    summary: 'Revoke an API token',
    tag: 'users',
    permission: 'read',
    audit: 'token.revoke',
    params: z.object({ id: z.string().min(1) }),
    async handler({ params, principal, store }) {
      const mine = (await store.users.tokensOf(principal.userId)).some((t) => t.id === params.id);
      // Users revoke their own tokens; admins may revoke anyone's (e.g. a leaked token of a departed user).
      if (!mine && principal.role !== 'admin') throw new HttpError(404, 'no such token');
      await store.users.revokeToken(params.id);
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: 'The audit log (admin)',
    tag: 'audit',
    permission: 'admin',
    query: z.strictObject({ action: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    async handler({ query, store }) {
      return { items: await store.audit.list(query) };
    },
  }),
];
