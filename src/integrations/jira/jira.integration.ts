import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { request } from '../http.js';

/**
 * Jira Cloud (REST v3): one issue per alert, never two. The alert's dedup key travels as a label;
 * before creating, the integration searches for it (JQL), so a lost response or a re-sent alert
 * updates the existing issue instead of duplicating it. Updates rewrite summary and description;
 * resolving comments and moves the issue through the configured done transition.
 */
const options = z.strictObject({
  baseUrl: z.url(),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key like SEC'),
  issueType: z.string().default('Task'),
  /** Transition name that closes the issue; when absent, the first transition into a done-category status. */
  doneTransition: z.string().optional(),
  labels: z.array(z.string()).default([]),
});
const credentials = z.strictObject({ email: z.string().min(3), apiToken: z.string().min(1) });
type Ctx = { options: z.infer<typeof options>; credentials: z.infer<typeof credentials>; fetch: typeof fetch };

export function dedupLabel(a: Pick<AlertPayload, 'dedupKey'>): string {
  return `skywatch-${a.dedupKey.slice(0, 24)}`;
}

const auth = (c: Ctx) => ({ authorization: `Basic ${Buffer.from(`${c.credentials.email}:${c.credentials.apiToken}`).toString('base64')}` });
const url = (c: Ctx, path: string) => `${c.options.baseUrl.replace(/\/$/, '')}${path}`;

/** Atlassian Document Format: paragraphs and a bullet list of factors. */
export function adf(a: AlertPayload) {
  const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  return {
    type: 'doc',
    version: 1,
    content: [
      p(`Severity ${a.severity}, risk ${a.riskScore}, status ${a.status}.`),
      ...(a.factors.length ? [{ type: 'bulletList', content: a.factors.map((f) => ({ type: 'listItem', content: [p(f)] })) }] : []),
      ...(a.owner ? [p(`Owner: ${a.owner.name}${a.owner.why ? ` — ${a.owner.why}` : ''}`)] : []),
      ...(a.resources.length ? [p(`Resources: ${a.resources.map((r) => `${r.id}`).join(', ')}`)] : []),
      ...(a.url ? [p(a.url)] : []),
    ],
  };
}

const PRIORITY: Record<string, string> = { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low', info: 'Lowest' };

async function find(c: Ctx, a: AlertPayload): Promise<string | undefined> {
  const jql = `project = "${c.options.projectKey}" AND labels = "${dedupLabel(a)}" ORDER BY created ASC`;
  const r = await request(
    c.fetch,
    url(c, '/rest/api/3/search/jql'),
    { method: 'POST', headers: auth(c), body: { jql, fields: ['status'], maxResults: 1 } },
    'jira search',
  );
  return (r.json as { issues?: { key: string }[] } | undefined)?.issues?.[0]?.key;
}

async function edit(c: Ctx, key: string, a: AlertPayload) {
  await request(
    c.fetch,
    url(c, `/rest/api/3/issue/${encodeURIComponent(key)}`),
    { method: 'PUT', headers: auth(c), body: { fields: { summary: `[${a.severity}] ${a.title}`.slice(0, 250), description: adf(a) } } },
    'jira update',
  );
  return { externalId: key, url: url(c, `/browse/${key}`) };
}

export default defineIntegration({
  id: 'jira',
  version: 1,
  title: 'Jira Cloud (one issue per alert)',
  category: 'ticketing',
  options,
  credentials,
  async test(ctx) {
    await request(ctx.fetch, url(ctx, '/rest/api/3/myself'), { headers: auth(ctx) }, 'jira myself');
    await request(ctx.fetch, url(ctx, `/rest/api/3/project/${ctx.options.projectKey}`), { headers: auth(ctx) }, 'jira project');
  },
  async send(alert, ctx) {
    const existing = await find(ctx, alert);
    if (existing) return edit(ctx, existing, alert);
    const r = await request(
      ctx.fetch,
      url(ctx, '/rest/api/3/issue'),
      {
        method: 'POST',
        headers: auth(ctx),
        body: {
          fields: {
            project: { key: ctx.options.projectKey },
            issuetype: { name: ctx.options.issueType },
            summary: `[${alert.severity}] ${alert.title}`.slice(0, 250),
            description: adf(alert),
            labels: ['skywatch', dedupLabel(alert), ...ctx.options.labels],
            priority: { name: PRIORITY[alert.severity] ?? 'Medium' },
            ...(alert.owner?.jira && { assignee: { accountId: alert.owner.jira } }),
          },
        },
      },
      'jira create',
    );
    const key = (r.json as { key?: string } | undefined)?.key;
    if (!key) throw new IntegrationError('jira create: no issue key in the response', { retryable: false });
    return { externalId: key, url: url(ctx, `/browse/${key}`) };
  },
  async update(alert, externalId, ctx) {
    return edit(ctx, externalId || ((await find(ctx, alert)) ?? ''), alert);
  },
  async close(alert, externalId, ctx) {
    const key = externalId || (await find(ctx, alert));
    if (!key) return;
    await request(
      ctx.fetch,
      url(ctx, `/rest/api/3/issue/${encodeURIComponent(key)}/comment`),
      { method: 'POST', headers: auth(ctx), body: { body: adf({ ...alert, factors: [`Resolved in Skywatch at ${alert.lastSeen}`] }) } },
      'jira comment',
    );
    const t = await request(ctx.fetch, url(ctx, `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`), { headers: auth(ctx) }, 'jira transitions');
    const list = (t.json as { transitions?: { id: string; name: string; to?: { statusCategory?: { key?: string } } }[] } | undefined)?.transitions ?? [];
    const done = ctx.options.doneTransition
      ? list.find((x) => x.name.toLowerCase() === ctx.options.doneTransition?.toLowerCase())
      : list.find((x) => x.to?.statusCategory?.key === 'done');
    if (!done)
      throw new IntegrationError(
        `jira: no ${ctx.options.doneTransition ? `"${ctx.options.doneTransition}"` : 'done'} transition on ${key} (have: ${list.map((x) => x.name).join(', ') || 'none'})`,
        { retryable: false },
      );
    await request(
      ctx.fetch,
      url(ctx, `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`),
      { method: 'POST', headers: auth(ctx), body: { transition: { id: done.id } } },
      'jira transition',
    );
  },
});
