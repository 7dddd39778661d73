import { z } from 'zod';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { request } from '../http.js';

/**
 * PagerDuty Events API v2: trigger, acknowledge and resolve one incident per alert through the
 * alert's dedup key (PagerDuty's `dedup_key`), so retries and updates never open a second one.
 */
const options = z.strictObject({ eventsUrl: z.url().default('https://events.pagerduty.com/v2/enqueue'), source: z.string().default('skywatch') });
const credentials = z.strictObject({ routingKey: z.string().min(20, 'an Events API v2 integration key is 32 characters') });

const SEVERITY: Record<string, string> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' };

export function pdEvent(a: AlertPayload, action: 'trigger' | 'acknowledge' | 'resolve', routingKey: string, source: string) {
  return {
    routing_key: routingKey,
    event_action: action,
    dedup_key: a.dedupKey,
    ...(action === 'trigger' && {
      payload: {
        summary: `[${a.severity}] ${a.title}`.slice(0, 1024),
        source: a.resources[0]?.id ?? source,
        severity: SEVERITY[a.severity] ?? 'warning',
        component: a.resources[0]?.type,
        group: a.resources[0]?.account,
        class: 'skywatch-alert',
        custom_details: { riskScore: a.riskScore, factors: a.factors, owner: a.owner, resources: a.resources, findings: a.findings.map((f) => f.ruleId) },
      },
      ...(a.url && { links: [{ href: a.url, text: 'Open in Skywatch' }] }),
    }),
  };
}

export default defineIntegration({
  id: 'pagerduty',
  version: 1,
  title: 'PagerDuty (Events API v2)',
  category: 'paging',
  options,
  credentials,
  async test(ctx) {
    // There is no "ping" in Events v2; resolving a key that names no incident proves the routing key
    // is accepted (202) without paging anyone, and an invalid key fails (400).
    await request(
      ctx.fetch,
      ctx.options.eventsUrl,
      { body: { routing_key: ctx.credentials.routingKey, event_action: 'resolve', dedup_key: 'skywatch-connection-test' } },
      'pagerduty',
    );
  },
  async send(alert, ctx) {
    const r = await request(ctx.fetch, ctx.options.eventsUrl, { body: pdEvent(alert, 'trigger', ctx.credentials.routingKey, ctx.options.source) }, 'pagerduty');
    return { externalId: (r.json as { dedup_key?: string } | undefined)?.dedup_key ?? alert.dedupKey };
  },
  async update(alert, _id, ctx) {
    const action = alert.status === 'acknowledged' ? 'acknowledge' : 'trigger';
    await request(ctx.fetch, ctx.options.eventsUrl, { body: pdEvent(alert, action, ctx.credentials.routingKey, ctx.options.source) }, 'pagerduty');
    return { externalId: alert.dedupKey };
  },
  async close(alert, _id, ctx) {
    await request(ctx.fetch, ctx.options.eventsUrl, { body: pdEvent(alert, 'resolve', ctx.credentials.routingKey, ctx.options.source) }, 'pagerduty');
  },
});
