import { InvalidArgumentError, Option } from 'commander';
import { CATALOGUES, findCatalogue } from '../../compliance/index.js';
import { type ComplianceReport, complianceReport } from '../../engine/detect/config/compliance.js';
import { complianceHtml } from '../../engine/detect/config/report-html.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';
import { checksFor } from './checks.command.js';

/** Rows of a report for table and CSV output: one per control. */
export function reportRows(r: ComplianceReport, format: Format): string {
  return render(
    r.controls,
    [
      { key: 'control', get: (c) => c.control },
      { key: 'title', get: (c) => c.title, width: 60 },
      { key: 'status', get: (c) => c.status },
      { key: 'pass', get: (c) => c.counts.pass },
      { key: 'fail', get: (c) => c.counts.fail },
      { key: 'error', get: (c) => c.counts.error },
      { key: 'checks', get: (c) => c.checks, width: 50 },
      { key: 'note', get: (c) => c.note, width: 50 },
      { key: 'failingResources', get: (c) => c.failing.map((f) => f.resourceId), width: 60 },
    ],
    format,
  );
}

export default defineCommand({
  name: 'compliance',
  register(program, ctx) {
    const cmd = program.command('compliance').description('compliance reports over the latest check results');
    cmd
      .command('report')
      .description('per control: pass / fail / manual, with failing resources and evidence')
      .addOption(
        new Option('--framework <id>', 'cis-aws-5.0, nist-800-53-r5 or pci-dss-4.0').makeOptionMandatory().argParser((v: string) => {
          if (!findCatalogue(v)) throw new InvalidArgumentError(`unknown framework "${v}"; known: ${CATALOGUES.map((c) => c.id).join(', ') || '(none)'}`);
          return v;
        }),
      )
      .addOption(new Option('--account <id>', 'only this account'))
      .addOption(formatOption(['table', 'json', 'csv', 'html']))
      .action(async (o: { framework: string; account?: string; format: Format | 'html' }) => {
        const c = ctx();
        const catalogue = findCatalogue(o.framework);
        if (!catalogue) return;
        const r = await complianceReport(await c.store(), catalogue, checksFor(c), { ...(o.account && { account: o.account }) });
        if (o.format === 'html') return c.out(complianceHtml(r));
        if (o.format === 'json') return c.out(`${JSON.stringify(r, null, 2)}\n`);
        if (o.format === 'table')
          c.out(
            `${r.title}${r.account ? ` — account ${r.account}` : ''}: ${r.summary.pass} pass, ${r.summary.fail} fail, ${r.summary.manual} manual of ${r.summary.controls} controls\n\n`,
          );
        c.out(reportRows(r, o.format));
      });
    cmd
      .command('frameworks')
      .description('the control catalogues Skywatch knows')
      .addOption(formatOption())
      .action(async (o: { format: Format }) => {
        const c = ctx();
        c.out(
          render(
            CATALOGUES,
            [
              { key: 'id', get: (k) => k.id },
              { key: 'title', get: (k) => k.title, width: 80 },
              { key: 'controls', get: (k) => Object.keys(k.controls).length },
              { key: 'automated', get: (k) => Object.values(k.controls).filter((x) => x.automated).length },
            ],
            o.format,
          ),
        );
      });
  },
});
