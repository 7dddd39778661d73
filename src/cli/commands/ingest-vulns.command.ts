import { type Command, Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { ingestVulnFiles } from '../../engine/detect/vulns/ingest.js';
import { VULN_FORMATS, type VulnFormat } from '../../engine/detect/vulns/types.js';
import { defineCommand } from '../command.js';
import { render } from '../output.js';

/** The shared `ingest` parent: other capabilities add their own `ingest <what>` beside `vulns`. */
export function ingestParent(program: Command): Command {
  return program.commands.find((c) => c.name() === 'ingest') ?? program.command('ingest').description('ingest logs, scanner reports and feeds');
}

export default defineCommand({
  name: 'ingest-vulns',
  register(program, ctx) {
    ingestParent(program)
      .command('vulns')
      .description('ingest vulnerability scanner reports (Trivy, Grype, Inspector v2, SARIF, CycloneDX) and match them to inventory resources')
      .argument('<paths...>', 'report files')
      .addOption(new Option('--format <format>', 'report format (default: detected from each file)').choices(VULN_FORMATS))
      .addOption(new Option('--resource <id>', 'attach every report to this inventory resource id'))
      .action(async (paths: string[], opts: { format?: VulnFormat; resource?: string }) => {
        const c = ctx();
        const store = await c.store();
        if (opts.resource && !(await store.resources.get(opts.resource)))
          throw new ConfigError(`--resource ${opts.resource} is not in the inventory`, { field: 'resource' });
        const s = await ingestVulnFiles(store, paths, { ...(opts.format && { format: opts.format }), ...(opts.resource && { resource: opts.resource }) });
        for (const e of s.errors) c.log.warn({ file: e.file }, `skipped ${e.file}: ${e.reason}`);
        const rows = [
          { key: 'files', value: s.files },
          { key: 'reports', value: s.reports },
          { key: 'vulnerabilities', value: s.vulnerabilities },
          { key: 'matched', value: s.matched },
          { key: 'unmatched', value: s.unmatched },
          { key: 'replaced', value: s.replaced },
          { key: 'older skipped', value: s.olderSkipped },
          { key: 'findings opened', value: s.openedFindings },
          { key: 'findings resolved', value: s.resolvedFindings },
          ...s.unmatchedTargets.map((t) => ({ key: 'unmatched target', value: t })),
          ...s.errors.map((e) => ({ key: 'bad file', value: `${e.file}: ${e.reason}` })),
        ];
        c.out(
          render(
            rows,
            [
              { key: 'what', get: (r) => r.key },
              { key: 'value', get: (r) => r.value, width: 120 },
            ],
            'table',
          ),
        );
        if (s.errors.length) process.exitCode = 1;
      });
  },
});
