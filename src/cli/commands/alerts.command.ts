import { writeFileSync } from 'node:fs';
import { Argument, Option } from 'commander';
import { parseDuration } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { compareAlerts } from '../../core/order.js';
import { SEVERITIES } from '../../core/severity.js';
import { ALERT_STATUSES, type AlertStatus } from '../../core/status.js';
import { buildDigest, digestPayload } from '../../engine/alerts/digest.js';
import { acknowledge, assignAlert, resolveAlert, suppressAlert, unsuppressAlert } from '../../engine/alerts/lifecycle.js';
import { alertRuns } from '../../engine/alerts/raise.js';
import { type AlertView, alertView } from '../../engine/alerts/view.js';
import { ALERT_EXPORT_FORMATS, type AlertExportFormat, exportAlerts, renderAlerts } from '../../engine/export/alerts-export.js';
import { integrationContext, integrationUnits, secretKey } from '../../engine/respond/registry.js';
import { deliverOne, raiseAndDeliver, retryDead } from '../../engine/respond/run.js';
import type { Alert, Store } from '../../store/index.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

const actorOption = () => new Option('--actor <name>', 'who is acting (recorded in the alert history)');
const actorOf = (c: CliContext, o: { actor?: string }) => o.actor ?? c.env.SKYWATCH_ACTOR ?? `cli:${c.env.USER ?? 'unknown'}`;

async function views(store: Store, alerts: Alert[]): Promise<AlertView[]> {
  const out: AlertView[] = [];
  for (const a of alerts) out.push(await alertView(store, a));
  return out.sort(compareAlerts);
}

/** The documented columns: JSON field names are stable API. */
function printAlerts(c: CliContext, list: AlertView[], format: Format) {
  if (format === 'json') {
    c.out(
      `${JSON.stringify(
        list.map((v) => ({
          ...v,
          resources: v.resources.map((r) => r.id),
          resourceDetails: v.resources,
          findings: v.findings.map((f) => f.id),
          findingDetails: v.findings,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  c.out(
    render(
      list,
      [
        { key: 'id', get: (v) => v.id },
        { key: 'severity', get: (v) => v.severity },
        { key: 'riskScore', header: 'risk', get: (v) => v.riskScore },
        { key: 'status', get: (v) => v.status },
        { key: 'title', get: (v) => v.title, width: 70 },
        { key: 'owner', get: (v) => v.owner?.name ?? '' },
        { key: 'factors', get: (v) => v.factors.join(' + '), width: format === 'table' ? 90 : 10_000 },
        { key: 'resources', get: (v) => v.resources.map((r) => r.id) },
        { key: 'findings', get: (v) => v.findings.length },
        { key: 'firstSeen', get: (v) => v.firstSeen },
        { key: 'lastSeen', get: (v) => v.lastSeen },
        { key: 'dueAt', get: (v) => v.dueAt },
      ],
      format,
    ),
  );
}

async function mustGet(store: Store, id: string): Promise<Alert> {
  const a = await store.alerts.get(id);
  if (!a) throw new ConfigError(`no alert with id "${id}" (see skywatch alerts list)`, { field: 'alert-id' });
  return a;
}

/** `--until` takes an ISO date or a duration from now (7d). */
function untilOf(v: string | undefined): string | null {
  if (!v) return null;
  if (/^\d+(ms|s|m|h|d)$/.test(v)) return new Date(Date.now() + parseDuration(v)).toISOString();
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ConfigError(`--until must be an ISO date or a duration like 7d (got "${v}")`, { field: 'until' });
  return new Date(t).toISOString();
}

export default defineCommand({
  name: 'alerts',
  register(program, ctx) {
    const cmd = program.command('alerts').description('alerts: findings grouped by root cause, scored in context, with owners');

    cmd
      .command('list')
      .description('list alerts, most severe and riskiest first (default: not resolved)')
      .addOption(new Option('--status <status>', 'only this status').choices(ALERT_STATUSES))
      .addOption(new Option('--severity <severity>', 'only this severity').choices(SEVERITIES))
      .addOption(new Option('--all', 'include resolved alerts'))
      .addOption(formatOption())
      .action(async (o: { status?: AlertStatus; severity?: (typeof SEVERITIES)[number]; all?: boolean; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const out: Alert[] = [];
        let after: string | undefined;
        do {
          const page = await store.alerts.list(
            { ...(o.status && { status: o.status }), ...(o.severity && { severity: o.severity }) },
            { limit: 1000, ...(after && { after }) },
          );
          out.push(...page.items);
          after = page.next;
        } while (after);
        printAlerts(c, await views(store, o.status || o.all ? out : out.filter((a) => a.status !== 'resolved')), o.format);
      });

    cmd
      .command('show')
      .description('one alert: factors, owner and why, findings, history, deliveries')
      .addArgument(new Argument('<alert-id>'))
      .addOption(formatOption(['table', 'json']))
      .action(async (id: string, o: { format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const a = await mustGet(store, id);
        const v = await alertView(store, a);
        const history = await store.alerts.history(id);
        const deliveries = await store.deliveries.forAlert(id);
        const integrations = new Map((await store.integrations.list()).map((i) => [i.id, i.name]));
        if (o.format === 'json') {
          c.out(
            `${JSON.stringify({ ...v, history, deliveries: deliveries.map((d) => ({ ...d, integration: integrations.get(d.integrationId) })) }, null, 2)}\n`,
          );
          return;
        }
        const lines = [
          `${v.title}`,
          `  id ${v.id} · ${v.severity} · risk ${v.riskScore} · ${v.status}${v.assignee ? ` · assigned to ${v.assignee}` : ''}${v.dueAt ? ` · due ${v.dueAt}` : ''}`,
          `  owner: ${v.owner ? `${v.owner.name}${v.owner.email ? ` <${v.owner.email}>` : ''} — ${v.owner.why}` : 'unknown'}`,
          '  factors:',
          ...v.factors.map((f) => `    + ${f}`),
          '  resources:',
          ...v.resources.map((r) => `    ${r.id} (${r.type})`),
          '  findings:',
          ...v.findings.map((f) => `    ${f.id} [${f.severity}/${f.status}] ${f.ruleId}: ${f.title}`),
          '  history:',
          ...history.map((h) => `    ${h.at} ${h.actor} ${h.action}${h.note ? ` — ${h.note}` : ''}`),
          ...(deliveries.length
            ? [
                '  deliveries:',
                ...deliveries.map(
                  (d) =>
                    `    ${integrations.get(d.integrationId) ?? d.integrationId} ${d.action} ${d.status} (attempts ${d.attempts})${d.externalId ? ` → ${d.externalId}` : ''}${d.lastError ? ` — ${d.lastError}` : ''}`,
                ),
              ]
            : []),
        ];
        c.out(`${lines.join('\n')}\n`);
      });

    const act = (
      name: string,
      description: string,
      run: (c: CliContext, store: Store, id: string, actor: string, o: Record<string, string>) => Promise<Alert>,
      opts: Option[] = [],
      deliverAs?: 'update' | 'resolve' | 'open',
    ) => {
      const sub = cmd.command(name).description(description).addArgument(new Argument('<alert-id>')).addOption(actorOption());
      for (const op of opts) sub.addOption(op);
      sub.action(async (id: string, o: Record<string, string>) => {
        const c = ctx();
        const store = await c.store();
        const a = await run(c, store, id, actorOf(c, o), o);
        const n = deliverAs ? await deliverOne({ store, home: c.home, config: c.config, env: c.env }, a, deliverAs) : 0;
        c.out(`${a.id} ${a.status}${a.assignee ? ` (assigned to ${a.assignee})` : ''}${n ? `; ${n} integration${n > 1 ? 's' : ''} notified` : ''}\n`);
      });
    };
    act(
      'ack',
      'acknowledge: someone is on it (stops escalation; PagerDuty acknowledges)',
      (_c, s, id, actor, o) => acknowledge(s, id, actor, o.note),
      [new Option('--note <text>')],
      'update',
    );
    act(
      'resolve',
      'resolve by hand (reopens if a scan sees it again)',
      (_c, s, id, actor, o) => resolveAlert(s, id, actor, o.note),
      [new Option('--note <text>')],
      'resolve',
    );
    act(
      'suppress',
      'suppress with a reason, optionally until a date or for a duration',
      async (_c, s, id, actor, o) => {
        if (!o.reason) throw new ConfigError('--reason is required', { field: 'reason' });
        return suppressAlert(s, id, actor, o.reason, untilOf(o.until));
      },
      [new Option('--reason <text>', 'why (recorded)').makeOptionMandatory(), new Option('--until <date|duration>', 'expiry: ISO date or 7d')],
    );
    act('unsuppress', 'lift a suppression now', (_c, s, id, actor) => unsuppressAlert(s, id, actor));
    cmd
      .command('assign')
      .description('assign to someone')
      .addArgument(new Argument('<alert-id>'))
      .addArgument(new Argument('<assignee>'))
      .addOption(actorOption())
      .action(async (id: string, assignee: string, o: { actor?: string }) => {
        const c = ctx();
        const a = await assignAlert(await c.store(), id, actorOf(c, o), assignee);
        c.out(`${a.id} assigned to ${a.assignee}\n`);
      });

    cmd
      .command('raise')
      .description('group current findings into alerts, attribute them, and deliver the changes')
      .addOption(formatOption())
      .action(async (o: { format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const r = await raiseAndDeliver({ store, home: c.home, config: c.config, env: c.env });
        const rows = [
          ...r.result.opened.map((a) => ({ change: 'opened', a })),
          ...r.result.reopened.map((a) => ({ change: 'reopened', a })),
          ...r.result.updated.map((a) => ({ change: 'updated', a })),
          ...r.result.resolved.map((a) => ({ change: 'resolved', a })),
        ];
        c.out(
          render(
            rows,
            [
              { key: 'change', get: (x) => x.change },
              { key: 'id', get: (x) => x.a.id },
              { key: 'severity', get: (x) => x.a.severity },
              { key: 'riskScore', get: (x) => x.a.riskScore },
              { key: 'title', get: (x) => x.a.title, width: 80 },
              { key: 'owner', get: (x) => x.a.owner },
            ],
            o.format,
          ),
        );
        if (o.format === 'table') c.out(`${r.result.unchanged} unchanged; ${r.deliveries} deliveries; ${r.escalated.length} escalated\n`);
      });

    cmd
      .command('diff')
      .description('what the last raise changed compared with the one before (scan-to-scan diff)')
      .addOption(new Option('--run <n>', 'how many runs back (0 = last)').default('0'))
      .addOption(formatOption())
      .action(async (o: { run: string; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const run = (await alertRuns(store))[Number(o.run)];
        if (!run) {
          c.out('no alert runs recorded yet (skywatch alerts raise)\n');
          return;
        }
        const rows: { change: string; id: string; title: string; severity: string }[] = [];
        for (const [change, ids] of [
          ['opened', run.opened],
          ['reopened', run.reopened],
          ['updated', run.updated],
          ['resolved', run.resolved],
        ] as const) {
          for (const id of ids) {
            const a = await store.alerts.get(id);
            rows.push({ change, id, title: a?.title ?? '', severity: a?.severity ?? '' });
          }
        }
        if (o.format === 'table')
          c.out(
            `run at ${run.at}: ${run.opened.length} opened, ${run.reopened.length} reopened, ${run.updated.length} updated, ${run.resolved.length} resolved, ${run.unchanged} unchanged\n`,
          );
        c.out(
          render(
            rows,
            [
              { key: 'change', get: (x) => x.change },
              { key: 'id', get: (x) => x.id },
              { key: 'severity', get: (x) => x.severity },
              { key: 'title', get: (x) => x.title, width: 90 },
            ],
            o.format,
          ),
        );
      });

    cmd
      .command('digest')
      .description('the daily digest: open by severity, new in the last 24 h, past due')
      .addOption(new Option('--send', 'also send it to the integrations in alerts.digest.to'))
      .addOption(formatOption(['text', 'json'], 'text'))
      .action(async (o: { send?: boolean; format: 'text' | 'json' }) => {
        const c = ctx();
        const store = await c.store();
        const d = await buildDigest(store);
        c.out(o.format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : `${d.text}\n`);
        if (o.send) {
          const to = c.config.alerts?.digest?.to ?? [];
          if (!to.length) throw new ConfigError('alerts.digest.to lists no integrations in skywatch.yaml', { field: 'alerts.digest.to' });
          const key = secretKey(c.home, c.env);
          const units = integrationUnits();
          for (const name of to) {
            const rec = await store.integrations.byName(name);
            const unit = rec && units.get(rec.type);
            if (!rec || !unit) throw new ConfigError(`alerts.digest.to: no integration named "${name}"`, { field: 'alerts.digest.to' });
            await unit.send(digestPayload(d), integrationContext(rec, unit, key));
            c.out(`digest sent to ${name}\n`);
          }
        }
      });

    cmd
      .command('export')
      .description('export alerts: OCSF (Detection/Compliance Finding, JSON lines), ASFF, SARIF, CSV, JSON, or a self-contained HTML report')
      .addOption(new Option('--format <format>', 'export format').choices(ALERT_EXPORT_FORMATS).default('json'))
      .addOption(new Option('--out <file>', 'write to a file instead of stdout'))
      .addOption(new Option('--all', 'include resolved alerts'))
      .action(async (o: { format: AlertExportFormat; out?: string; all?: boolean }) => {
        const c = ctx();
        const text = renderAlerts(await exportAlerts(await c.store(), { includeResolved: Boolean(o.all) }), o.format);
        if (o.out) {
          writeFileSync(o.out, text);
          c.out(`wrote ${o.out}\n`);
        } else c.out(text);
      });

    cmd
      .command('deliveries')
      .description('deliveries, by default the dead letters (failed for good)')
      .addOption(new Option('--status <status>').choices(['pending', 'delivered', 'failed', 'dead']).default('dead'))
      .addOption(new Option('--retry', 'retry the listed dead letters now'))
      .addOption(formatOption())
      .action(async (o: { status: 'dead'; retry?: boolean; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const list = await store.deliveries.list({ status: o.status });
        const names = new Map((await store.integrations.list()).map((i) => [i.id, i.name]));
        c.out(
          render(
            list,
            [
              { key: 'id', get: (d) => d.id },
              { key: 'integration', get: (d) => names.get(d.integrationId) ?? d.integrationId },
              { key: 'alertId', get: (d) => d.alertId },
              { key: 'action', get: (d) => d.action },
              { key: 'status', get: (d) => d.status },
              { key: 'attempts', get: (d) => d.attempts },
              { key: 'lastError', get: (d) => d.lastError, width: 80 },
              { key: 'updatedAt', get: (d) => d.updatedAt },
            ],
            o.format,
          ),
        );
        if (o.retry && o.status === 'dead' && list.length) {
          await retryDead(
            { store, home: c.home, config: c.config, env: c.env },
            list.map((d) => d.id),
          );
          const after = await Promise.all(list.map((d) => store.deliveries.get(d.id)));
          c.out(`retried ${list.length}: ${after.filter((d) => d?.status === 'delivered').length} delivered\n`);
        }
      });
  },
});
