import { z } from 'zod';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { request } from '../http.js';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: the "post to a channel when a
 * webhook request is received" flow takes a message whose attachment is an Adaptive Card.
 */
const options = z.strictObject({});
const credentials = z.strictObject({ webhookUrl: z.url() });

const COLOR: Record<string, string> = { critical: 'Attention', high: 'Warning', medium: 'Accent', low: 'Default', info: 'Default' };

export function adaptiveCard(a: AlertPayload) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: `${a.severity.toUpperCase()} · risk ${a.riskScore}${a.status === 'resolved' ? ' · RESOLVED' : ''}`,
              weight: 'Bolder',
              color: COLOR[a.severity] ?? 'Default',
            },
            { type: 'TextBlock', text: a.title, size: 'Medium', weight: 'Bolder', wrap: true },
            ...a.factors.map((f) => ({ type: 'TextBlock', text: `• ${f}`, wrap: true, spacing: 'None' })),
            {
              type: 'FactSet',
              facts: [
                { title: 'Owner', value: a.owner ? `${a.owner.name}${a.owner.why ? ` (${a.owner.why})` : ''}` : 'unknown' },
                { title: 'Status', value: a.status },
                ...(a.resources[0] ? [{ title: 'Resource', value: `${a.resources[0].name} (${a.resources[0].type}, ${a.resources[0].account})` }] : []),
              ],
            },
          ],
          ...(a.url && { actions: [{ type: 'Action.OpenUrl', title: 'Open in Skywatch', url: a.url }] }),
        },
      },
    ],
  };
}

export default defineIntegration({
  id: 'teams',
  version: 1,
  title: 'Microsoft Teams (workflow webhook, Adaptive Card)',
  category: 'chat',
  options,
  credentials,
  async test(ctx) {
    await request(
      ctx.fetch,
      ctx.credentials.webhookUrl,
      {
        body: {
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'Skywatch connection test' }] },
            },
          ],
        },
      },
      'teams',
    );
  },
  async send(alert, ctx) {
    await request(ctx.fetch, ctx.credentials.webhookUrl, { body: adaptiveCard(alert) }, 'teams');
    return {};
  },
});
