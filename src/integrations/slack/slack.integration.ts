import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { request } from '../http.js';

/**
 * Slack: an incoming webhook for the team channel, and a direct message to the alert's owner
 * through the bot (`chat.postMessage` with the owner's Slack user id as channel). Either or both.
 * Web API errors come back as HTTP 200 `{ok:false}`: `ratelimited` retries, the rest do not.
 */
const options = z.strictObject({
  /** Send a DM to the owner when the bot token is set and the owner has a Slack id. */
  dmOwner: z.boolean().default(true),
  /** Bot DMs go to this channel instead when the owner is unknown (optional). */
  fallbackChannel: z.string().optional(),
  apiBase: z.url().default('https://slack.com/api'),
});
const credentials = z
  .strictObject({
    webhookUrl: z.url().optional(),
    botToken: z
      .string()
      .regex(/^xox[bp]-/, 'must be a bot token (xoxb-…)')
      .optional(),
  })
  .refine((c) => c.webhookUrl || c.botToken, 'set webhookUrl, botToken or both');

const EMOJI: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
  info: ':white_circle:',
};

export function slackBlocks(a: AlertPayload) {
  const head = `${EMOJI[a.severity] ?? ''} *${a.severity.toUpperCase()} · risk ${a.riskScore}* — ${a.status === 'resolved' ? '~' : ''}${a.title}${a.status === 'resolved' ? '~ (resolved)' : ''}`;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: head } },
    ...(a.factors.length ? [{ type: 'section', text: { type: 'mrkdwn', text: a.factors.map((f) => `• ${f}`).join('\n') } }] : []),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Owner: ${a.owner ? `${a.owner.slack ? `<@${a.owner.slack}>` : a.owner.name}${a.owner.why ? ` — ${a.owner.why}` : ''}` : 'unknown'}`,
        },
        ...(a.resources.length ? [{ type: 'mrkdwn', text: `Resources: ${a.resources.map((r) => `${r.name} (${r.account})`).join(', ')}` }] : []),
      ],
    },
    ...(a.url ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Skywatch' }, url: a.url }] }] : []),
  ];
}

async function api(ctx: { options: z.infer<typeof options>; fetch: typeof fetch }, token: string, method: string, body: unknown) {
  const r = await request(
    ctx.fetch,
    `${ctx.options.apiBase}/${method}`,
    { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body },
    `slack ${method}`,
  );
  const j = r.json as { ok?: boolean; error?: string; ts?: string; channel?: string } | undefined;
  if (!j?.ok)
    throw new IntegrationError(`slack ${method}: ${j?.error ?? 'unexpected response'}`, {
      retryable: j?.error === 'ratelimited' || j?.error === 'internal_error',
    });
  return j;
}

export default defineIntegration({
  id: 'slack',
  version: 1,
  title: 'Slack (incoming webhook and bot DM to the owner)',
  category: 'chat',
  options,
  credentials,
  async test(ctx) {
    if (ctx.credentials.botToken) await api(ctx, ctx.credentials.botToken, 'auth.test', {});
    if (ctx.credentials.webhookUrl) await request(ctx.fetch, ctx.credentials.webhookUrl, { body: { text: 'Skywatch connection test' } }, 'slack webhook');
  },
  async send(alert, ctx) {
    const text = `[${alert.severity}] ${alert.title}`;
    const blocks = slackBlocks(alert);
    if (ctx.credentials.webhookUrl) await request(ctx.fetch, ctx.credentials.webhookUrl, { body: { text, blocks } }, 'slack webhook');
    const to = alert.owner?.slack ?? ctx.options.fallbackChannel;
    if (ctx.credentials.botToken && ctx.options.dmOwner && to) {
      const j = await api(ctx, ctx.credentials.botToken, 'chat.postMessage', { channel: to, text, blocks, unfurl_links: false });
      return { externalId: `${j.channel}:${j.ts}` };
    }
    return {};
  },
});
