import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SkywatchConfig } from '../../core/config.js';
import type { IntelLookup } from '../../core/intel.js';
import { compareAlerts } from '../../core/order.js';
import { loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { verifySignature } from '../../integrations/webhook/webhook.integration.js';
import type { Stage } from '../pipeline.js';
import { integrationUnits, saveIntegration, secretKey } from '../respond/registry.js';
import { raiseAndDeliver } from '../respond/run.js';
import type { RaiseOptions } from './raise.js';
import { alertView } from './view.js';

/**
 * The demo's last stage: every finding the earlier stages recorded becomes alerts — grouped,
 * scored in context, attributed — and they are delivered to a signed-webhook receiver the demo
 * starts on 127.0.0.1. Nothing here names the story's answer: the top alert is whatever the data
 * and the rules make it. Run alone (no earlier stage), it loads a small slice of the story.
 * Stage facts it reads when present: `intel` (an IntelLookup) and `context.sources` (a
 * `(graph, findings) => ContextSources` factory with the real exposure and application sources).
 */
async function receiver(secret: string): Promise<{ url: string; got: { event: string; verified: boolean }[]; close(): Promise<void> }> {
  const got: { event: string; verified: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const verified = verifySignature(secret, String(req.headers['x-skywatch-timestamp'] ?? ''), body, String(req.headers['x-skywatch-signature'] ?? ''));
      got.push({ event: String(req.headers['x-skywatch-event'] ?? ''), verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/skywatch`,
    got,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function demoConfig(): SkywatchConfig {
  const contacts: NonNullable<SkywatchConfig['contacts']> = {};
  for (const p of Object.values(DEMO.people)) {
    const name = p.user.charAt(0).toUpperCase() + p.user.slice(1);
    contacts[p.user] = { name, ...('email' in p && { email: p.email }), ...('slack' in p && { slack: p.slack }) };
  }
  const teams: NonNullable<SkywatchConfig['teams']> = {};
  for (const a of Object.values(DEMO.accounts)) teams[a.team] = { accounts: [...(teams[a.team]?.accounts ?? []), a.id] };
  return { contacts, teams, alerts: { sla: { critical: '1d', high: '7d' } } };
}

export const alertsStage: Stage = {
  id: 'alerts',
  title: 'Alerts: context, owners and delivery',
  async run({ store, home, facts }) {
    const summary: string[] = [];
    if (!(await store.findings.list({ status: 'open' }, { limit: 1 })).items.length) {
      await loadFallback(store);
      summary.push('no findings from earlier stages: loaded the story slice (src/demo/alerts-fallback.ts)');
    }
    const secret = randomBytes(24).toString('base64url');
    const hook = await receiver(secret);
    try {
      await saveIntegration(store, secretKey(home), integrationUnits(), {
        name: 'demo-webhook',
        type: 'webhook',
        options: { url: hook.url },
        credentials: { secret },
        allowPrivate: true,
      });
      // Earlier stages may share their intel matcher and context sources through the stage facts.
      const intel = facts.get('intel') as IntelLookup | undefined;
      const sources = facts.get('context.sources') as RaiseOptions['sources'] | undefined;
      const raise: Omit<RaiseOptions, 'config'> = { now: new Date(DEMO.now), ...(intel?.ip && { intel }), ...(sources && { sources }) };
      const { result, deliveries } = await raiseAndDeliver({ store, home, config: demoConfig(), env: {}, raise, baseDelayMs: 200 });
      const alerts = [...result.opened, ...result.reopened, ...result.updated].sort(compareAlerts);
      const findings = alerts.reduce((n, a) => n + ((a.data as { ruleIds?: string[] }).ruleIds?.length ?? 0), 0);
      summary.push(`${alerts.length} alerts from the open findings (${findings} rules), ${alerts.filter((a) => a.severity === 'critical').length} critical`);
      summary.push(
        `delivered ${hook.got.length}/${deliveries} to the local webhook ${hook.url} (${hook.got.filter((g) => g.verified).length} signatures verified)`,
      );
      summary.push('top alerts:');
      for (const a of alerts.slice(0, 5)) {
        const v = await alertView(store, a);
        summary.push(`[${v.severity} ${v.riskScore}] ${v.title}`);
        summary.push(`    owner: ${v.owner ? `${v.owner.name}${v.owner.email ? ` <${v.owner.email}>` : ''} — ${v.owner.why}` : 'unknown'}`);
        for (const f of v.factors.slice(0, 5)) summary.push(`    + ${f}`);
      }
      summary.push('see them: skywatch alerts list --home <demo home>; remediate: skywatch remediate <alert-id>');
    } finally {
      await hook.close();
    }
    return { summary };
  },
};
