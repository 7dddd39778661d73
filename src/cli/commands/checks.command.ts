import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { CheckUnit } from '../../core/units/check.js';
import { formatProblem } from '../../engine/detect/config/policies.js';
import { runConfiguredChecks, runtimeChecks } from '../../engine/detect/config/runtime.js';
import { diffLine } from '../../engine/detect/config/stage.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption, intArg } from '../options.js';
import { type Column, type Format, render } from '../output.js';

/** The run's checks; policy files that did not load are reported on stderr and skipped. */
export function checksFor(c: CliContext): CheckUnit[] {
  const { checks, problems } = runtimeChecks(c.config, c.configFile);
  for (const p of problems) c.log.warn({ file: p.file, line: p.line, field: p.field }, `policy skipped: ${formatProblem(p)}`);
  return checks;
}

const refs = (c: CheckUnit) => c.compliance.map((r) => `${r.framework}:${r.control}`);

/** `checks explain`: everything a person needs about one check, from its own metadata. */
export function explain(c: CheckUnit): string {
  const params = c.params ? safeDefaults(c) : undefined;
  const lines = [
    `${c.id}${c.family ? ` (family ${c.family})` : ''}`,
    `  ${c.title}`,
    '',
    `  severity     ${c.severity}`,
    `  resource     ${c.resourceType} (${c.provider})`,
    `  scope        ${c.scope ?? 'resource'}`,
    ...(c.needs?.length ? [`  needs        ${c.needs.join(', ')} (hydrated by discovery only when an enabled check needs them)`] : []),
    ...(params ? [`  params       ${JSON.stringify(params)} (override in skywatch.yaml checks.params.${c.id})`] : []),
    `  compliance   ${refs(c).join(', ') || '(none)'}`,
    '',
    ...(c.description ? [`  ${c.description}`, ''] : []),
    `  Risk: ${c.risk}`,
    `  Remediation: ${c.remediation.text}${c.remediation.remediationId ? ` (automated: ${c.remediation.remediationId})` : ''}`,
    '',
    '  Examples:',
    ...c.fixtures.map((f) => `    ${f.expect.padEnd(14)} ${f.name}`),
  ];
  return `${lines.join('\n')}\n`;
}

function safeDefaults(c: CheckUnit): unknown {
  const r = c.params?.safeParse({});
  return r?.success ? r.data : '(required)';
}

export default defineCommand({
  name: 'checks',
  register(program, ctx) {
    const cmd = program.command('checks').description('the configuration checks: list, explain, run');
    cmd
      .command('list')
      .description('every check (library and custom policies) with its metadata')
      .addOption(new Option('--resource-type <type>', 'only checks of this resource type'))
      .addOption(new Option('--framework <id>', 'only checks mapped to this framework'))
      .addOption(formatOption())
      .action(async (o: { resourceType?: string; framework?: string; format: Format }) => {
        const c = ctx();
        const disabled = new Set(c.config.checks?.disabled ?? []);
        const list = checksFor(c)
          .filter((k) => !o.resourceType || k.resourceType === o.resourceType)
          .filter((k) => !o.framework || k.compliance.some((r) => r.framework === o.framework))
          .sort((a, b) => a.id.localeCompare(b.id));
        c.out(
          render(
            list,
            (
              [
                { key: 'id', get: (k) => k.id, width: 56 },
                { key: 'severity', get: (k) => k.severity },
                { key: 'resourceType', get: (k) => k.resourceType },
                { key: 'title', get: (k) => k.title, width: 70 },
                { key: 'scope', get: (k) => k.scope ?? 'resource' },
                { key: 'family', get: (k) => k.family ?? null },
                { key: 'enabled', get: (k) => !disabled.has(k.id) },
                { key: 'needs', get: (k) => k.needs ?? [] },
                { key: 'compliance', get: (k) => refs(k), width: 50 },
                { key: 'risk', get: (k) => k.risk, width: 0 },
                { key: 'remediation', get: (k) => k.remediation.text, width: 0 },
              ] as Column<CheckUnit>[]
            ).filter((col) => o.format !== 'table' || col.width !== 0),
            o.format,
          ),
        );
      });
    cmd
      .command('explain')
      .description('what a check looks at, why it matters, how to fix it, its mappings and examples')
      .argument('<id>', 'check id')
      .action(async (id: string) => {
        const c = ctx();
        const all = checksFor(c);
        const check = all.find((k) => k.id === id);
        if (!check) {
          const near = all.filter((k) => k.id.includes(id) || id.includes(k.id)).slice(0, 5);
          throw new ConfigError(`no check "${id}"${near.length ? `; did you mean ${near.map((k) => k.id).join(', ')}?` : ''}`, { field: 'id' });
        }
        c.out(explain(check));
      });
    cmd
      .command('run')
      .description('run the enabled checks over the inventory (or only some resources) and record findings')
      .addOption(new Option('--account <id...>', 'only these accounts'))
      .addOption(new Option('--resource <id...>', 'only these resources (as after an audit-log event)'))
      .addOption(new Option('--batch <n>', 'resources per batch').argParser(intArg('--batch', 1, 100_000)).default(1000))
      .addOption(formatOption())
      .action(async (o: { account?: string[]; resource?: string[]; batch: number; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const { policyProblems: _p, ...r } = await runConfiguredChecks(store, {
          config: c.config,
          configFile: c.configFile,
          ...(o.account && { accounts: o.account }),
          ...(o.resource && { resourceIds: o.resource }),
          batchSize: o.batch,
          log: c.log,
        });
        if (o.format === 'json') {
          const { diff, ...rest } = r;
          c.out(
            `${JSON.stringify({ ...rest, diff: diff && { from: diff.from?.id ?? null, new: diff.new.length, resolved: diff.resolved.length, regressed: diff.regressed.length, unchanged: diff.unchanged.length } }, null, 2)}\n`,
          );
          return;
        }
        c.out(
          `run ${r.runId} (${r.kind}): ${r.checks} checks over ${r.resources} resources, ${r.evaluations} evaluations in ${r.durationMs} ms\n` +
            `  pass ${r.counts.pass}, fail ${r.counts.fail}, error ${r.counts.error}, not-applicable ${r.counts['not-applicable']}\n` +
            `  findings: ${r.findings.created} new, ${r.findings.reopened} reopened, ${r.findings.updated} still failing, ${r.findings.resolved} resolved, ${r.findings.suppressed} suppressed\n` +
            (Object.keys(r.errorReasons).length
              ? `  errors by reason (never fails): ${Object.entries(r.errorReasons)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(', ')}\n`
              : '') +
            (r.diff ? `  ${diffLine(r.diff)}\n` : ''),
        );
      });
    cmd
      .command('runs')
      .description('recent check runs (ids for `findings diff --from/--to`)')
      .addOption(formatOption())
      .action(async (o: { format: Format }) => {
        const c = ctx();
        const runs = await (await c.store()).checkRuns.list({ limit: 50 });
        c.out(
          render(
            runs,
            [
              { key: 'id', get: (r) => r.id },
              { key: 'kind', get: (r) => r.kind },
              { key: 'startedAt', get: (r) => r.startedAt },
              { key: 'finishedAt', get: (r) => r.finishedAt },
              { key: 'resources', get: (r) => r.stats.resources ?? null },
              { key: 'evaluations', get: (r) => r.stats.evaluations ?? null },
              { key: 'counts', get: (r) => r.stats.counts ?? null, width: 80 },
            ],
            o.format,
          ),
        );
      });
  },
});
