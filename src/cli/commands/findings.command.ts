import { Option } from 'commander';
import type { Finding } from '../../core/finding.js';
import { compareFindings } from '../../core/order.js';
import { SEVERITIES } from '../../core/severity.js';
import { FINDING_SOURCES, FINDING_STATUSES } from '../../core/status.js';
import { skywatchVersion } from '../../core/version.js';
import { diffRuns } from '../../engine/detect/config/diff.js';
import { ruleInfoOf, runtimeChecks } from '../../engine/detect/config/runtime.js';
import { applySuppressions, loadSuppressions } from '../../engine/detect/config/suppressions.js';
import { toAsffAll, toOcsfAll, toSarif } from '../../engine/export/index.js';
import type { FindingFilter } from '../../store/repos/findings.repo.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption, intArg } from '../options.js';
import { type Column, type Format, render } from '../output.js';

/** The documented JSON/CSV fields of a finding (stable API). */
export const FINDING_COLUMNS: Column<Finding>[] = [
  { key: 'id', get: (f) => f.id },
  { key: 'source', get: (f) => f.source },
  { key: 'ruleId', get: (f) => f.ruleId, width: 48 },
  { key: 'title', get: (f) => f.title, width: 50 },
  { key: 'severity', get: (f) => f.severity },
  { key: 'status', get: (f) => f.status },
  { key: 'resourceId', get: (f) => f.resourceId, width: 70 },
  { key: 'resourceType', get: (f) => f.resourceType },
  { key: 'account', get: (f) => f.account },
  { key: 'region', get: (f) => f.region },
  { key: 'firstSeen', get: (f) => f.firstSeen },
  { key: 'lastSeen', get: (f) => f.lastSeen },
  { key: 'evidence', get: (f) => f.evidence },
  { key: 'attack', get: (f) => f.attack },
  { key: 'compliance', get: (f) => f.compliance.map((c) => `${c.framework}:${c.control}`) },
];
const TABLE_KEYS = new Set(['severity', 'status', 'ruleId', 'resourceId', 'account', 'region', 'lastSeen']);

export const EXPORT_FORMATS = ['table', 'json', 'csv', 'ocsf', 'asff', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function allFindings(c: CliContext, filter: FindingFilter, limit: number): Promise<Finding[]> {
  const store = await c.store();
  const out: Finding[] = [];
  let after: string | undefined;
  while (out.length < limit) {
    const page = await store.findings.list(filter, { ...(after && { after }), limit: Math.min(1000, limit - out.length) });
    out.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

/** Findings in any of the output formats; the exporters are pure (src/engine/export). */
export function renderFindings(findings: Finding[], format: ExportFormat, c: CliContext): string {
  const ctx = { version: skywatchVersion(), rules: ruleInfoOf(runtimeChecks(c.config, c.configFile).checks) };
  if (format === 'ocsf') return `${JSON.stringify(toOcsfAll(findings, ctx), null, 2)}\n`;
  if (format === 'asff') return `${JSON.stringify(toAsffAll(findings, ctx), null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif(findings, ctx), null, 2)}\n`;
  const cols = format === 'table' ? FINDING_COLUMNS.filter((col) => TABLE_KEYS.has(col.key)) : FINDING_COLUMNS;
  const rows = format === 'table' ? [...findings].sort(compareFindings) : findings;
  return render(rows, cols, format as Format);
}

export default defineCommand({
  name: 'findings',
  register(program, ctx) {
    const cmd = program.command('findings').description('list, export and compare findings');
    cmd
      .command('list')
      .description('list findings (exports: OCSF 1.3, ASFF, SARIF 2.1.0)')
      .addOption(new Option('--source <source>', 'only this source').choices(FINDING_SOURCES))
      .addOption(new Option('--severity <severity>', 'only this severity').choices(SEVERITIES))
      .addOption(new Option('--status <status>', 'only this status').choices(FINDING_STATUSES))
      .addOption(new Option('--account <id>', 'only this account'))
      .addOption(new Option('--rule <id>', 'only this rule (check or detector id)'))
      .addOption(new Option('--resource <id>', 'only this resource'))
      .addOption(new Option('--limit <n>', 'at most this many').argParser(intArg('--limit', 1, 10_000_000)).default(100_000))
      .addOption(formatOption(EXPORT_FORMATS))
      .action(
        async (o: {
          source?: string;
          severity?: string;
          status?: string;
          account?: string;
          rule?: string;
          resource?: string;
          limit: number;
          format: ExportFormat;
        }) => {
          const c = ctx();
          const store = await c.store();
          // An expired suppression re-opens its findings even before the next run.
          await applySuppressions(store, await loadSuppressions(store, c.config), new Date());
          const filter = {
            ...(o.source && { source: o.source }),
            ...(o.severity && { severity: o.severity }),
            ...(o.status && { status: o.status }),
            ...(o.account && { account: o.account }),
            ...(o.rule && { ruleId: o.rule }),
            ...(o.resource && { resourceId: o.resource }),
          } as FindingFilter;
          c.out(renderFindings(await allFindings(c, filter, o.limit), o.format, c));
        },
      );
    cmd
      .command('diff')
      .description('what changed between two full check runs: new, resolved, regressed, unchanged (default: the last two)')
      .addOption(new Option('--from <run>', 'the earlier run id (default: the run before --to)'))
      .addOption(new Option('--to <run>', 'the later run id (default: the latest full run)'))
      .addOption(new Option('--only <change>', 'only one kind of change').choices(['new', 'resolved', 'regressed', 'unchanged']))
      .addOption(formatOption())
      .action(async (o: { from?: string; to?: string; only?: string; format: Format }) => {
        const c = ctx();
        const d = await diffRuns(await c.store(), { ...(o.from && { from: o.from }), ...(o.to && { to: o.to }) });
        const kinds = (['new', 'regressed', 'resolved', 'unchanged'] as const).filter((k) => !o.only || o.only === k);
        const rows = kinds.flatMap((k) => d[k].sort(compareFindings).map((f) => ({ change: k, f })));
        if (o.format === 'json') {
          c.out(
            `${JSON.stringify(
              {
                from: d.from?.id ?? null,
                to: d.to.id,
                counts: { new: d.new.length, resolved: d.resolved.length, regressed: d.regressed.length, unchanged: d.unchanged.length },
                changes: rows.map((r) => ({ change: r.change, ...Object.fromEntries(FINDING_COLUMNS.map((col) => [col.key, col.get(r.f) ?? null])) })),
              },
              null,
              2,
            )}\n`,
          );
          return;
        }
        if (o.format === 'table')
          c.out(
            `${d.from ? `${d.from.id} (${d.from.startedAt})` : '(no earlier run)'} → ${d.to.id} (${d.to.startedAt}): ${d.new.length} new, ${d.resolved.length} resolved, ${d.regressed.length} regressed, ${d.unchanged.length} unchanged\n\n`,
          );
        c.out(
          render(
            rows,
            [
              { key: 'change', get: (r) => r.change },
              { key: 'severity', get: (r) => r.f.severity },
              { key: 'ruleId', get: (r) => r.f.ruleId, width: 48 },
              { key: 'resourceId', get: (r) => r.f.resourceId, width: 70 },
              { key: 'account', get: (r) => r.f.account },
              { key: 'findingId', get: (r) => r.f.id },
            ],
            o.format,
          ),
        );
      });
  },
});
