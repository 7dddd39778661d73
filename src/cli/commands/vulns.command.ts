import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { importEpss } from '../../engine/detect/vulns/epss.js';
import { pullInspector } from '../../engine/detect/vulns/inspector-pull.js';
import { ensureKev, updateKev } from '../../engine/detect/vulns/kev.js';
import { rankVulnerabilities } from '../../engine/detect/vulns/risk.js';
import { defineCommand } from '../command.js';
import { formatOption, intArg } from '../options.js';
import { type Format, render } from '../output.js';

export default defineCommand({
  name: 'vulns',
  register(program, ctx) {
    const vulns = program.command('vulns').description('vulnerabilities from scanner feeds, KEV and EPSS enrichment, risk ranking');

    vulns
      .command('list')
      .description('vulnerabilities per resource with their risk score and the factors behind it')
      .addOption(new Option('--sort <key>', 'order').choices(['risk', 'severity', 'cvss']).default('risk'))
      .addOption(new Option('--resource <id>', 'only this resource'))
      .addOption(new Option('--kev', 'only known-exploited vulnerabilities'))
      .addOption(new Option('--limit <n>', 'at most this many rows').argParser(intArg('--limit', 1, 100000)).default(100))
      .addOption(formatOption())
      .action(async (o: { sort: 'risk' | 'severity' | 'cvss'; resource?: string; kev?: boolean; limit: number; format: Format }) => {
        const c = ctx();
        let rows = await rankVulnerabilities(await c.store());
        if (o.resource) rows = rows.filter((r) => r.resourceId === o.resource);
        if (o.kev) rows = rows.filter((r) => r.kev);
        const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
        if (o.sort === 'severity') rows.sort((a, b) => rank[b.severity] - rank[a.severity] || b.risk - a.risk);
        if (o.sort === 'cvss') rows.sort((a, b) => (b.cvssScore ?? 0) - (a.cvssScore ?? 0) || b.risk - a.risk);
        c.out(
          render(
            rows.slice(0, o.limit),
            [
              { key: 'risk', get: (r) => r.risk },
              { key: 'vulnId', header: 'vulnerability', get: (r) => r.vulnId },
              { key: 'resourceName', header: 'resource', get: (r) => r.resourceName, width: 28 },
              { key: 'resourceId', get: (r) => r.resourceId, width: 30 },
              { key: 'severity', get: (r) => r.severity },
              { key: 'cvss', get: (r) => r.cvssScore },
              { key: 'kev', get: (r) => (o.format === 'table' ? (r.kev ? 'KEV' : '') : r.kev) },
              { key: 'epss', get: (r) => r.epss },
              { key: 'internet', get: (r) => (o.format === 'table' ? (r.internet ? 'yes' : 'no') : r.internet) },
              { key: 'packages', get: (r) => r.packages, width: 24 },
              { key: 'fixedVersion', header: 'fixed in', get: (r) => r.fixedVersion, width: 20 },
              { key: 'factors', get: (r) => (o.format === 'table' ? r.factors.join('; ') : r.factors), width: 160 },
            ],
            o.format,
          ),
        );
      });

    vulns
      .command('reports')
      .description('stored scanner reports, matched or not')
      .addOption(new Option('--unmatched', 'only reports that matched no inventory resource'))
      .addOption(formatOption())
      .action(async (o: { unmatched?: boolean; format: Format }) => {
        const c = ctx();
        const rows = await (await c.store()).vulns.reports(o.unmatched ? { unmatched: true } : {});
        c.out(
          render(
            rows,
            [
              { key: 'id', get: (r) => r.id },
              { key: 'format', get: (r) => r.format },
              { key: 'target', get: (r) => r.targetName, width: 50 },
              { key: 'kind', get: (r) => r.targetKind },
              { key: 'resourceId', get: (r) => r.resourceId ?? (o.format === 'table' ? '(unmatched)' : null), width: 70 },
              { key: 'matchMethod', get: (r) => r.matchMethod },
              { key: 'vulnerabilities', get: (r) => r.vulnCount },
              { key: 'generatedAt', get: (r) => r.generatedAt },
              { key: 'source', get: (r) => r.source, width: 60 },
            ],
            o.format,
          ),
        );
      });

    vulns
      .command('pull-inspector')
      .description('pull active package findings from AWS Inspector v2 (default credential chain; AWS_ENDPOINT_URL honoured) and ingest them')
      .requiredOption('--region <region...>', 'regions to pull from')
      .addOption(new Option('--account <id...>', 'only findings of these accounts (delegated administrator)'))
      .action(async (o: { region: string[]; account?: string[] }) => {
        const c = ctx();
        const store = await c.store();
        for (const region of o.region) {
          const s = await pullInspector(store, { region, ...(o.account && { accounts: o.account }) });
          c.out(
            `${region}: ${s.reports} resources, ${s.vulnerabilities} vulnerabilities (${s.matched} matched, ${s.unmatched} unmatched), ${s.openedFindings} findings opened, ${s.resolvedFindings} resolved\n`,
          );
        }
      });

    const kev = vulns.command('kev').description('CISA Known Exploited Vulnerabilities catalogue');
    kev
      .command('update')
      .description('replace the KEV catalogue from a file or a URL (the shipped snapshot is used until then)')
      .addOption(new Option('--file <path>', 'CISA KEV JSON file'))
      .addOption(new Option('--url <url>', 'CISA KEV JSON URL (private, loopback and metadata addresses refused)'))
      .addOption(new Option('--allow-private', 'permit a private or loopback --url (an internal mirror)'))
      .action(async (o: { file?: string; url?: string; allowPrivate?: boolean }) => {
        if (Boolean(o.file) === Boolean(o.url)) throw new ConfigError('give exactly one of --file or --url', { field: 'file' });
        const c = ctx();
        const r = await updateKev(await c.store(), {
          ...(o.file && { file: o.file }),
          ...(o.url && { url: o.url }),
          ...(o.allowPrivate && { allowPrivate: true }),
        });
        c.out(`KEV catalogue ${r.version}: ${r.n} entries from ${r.source}\n`);
      });
    kev
      .command('status')
      .description('the KEV catalogue version in use')
      .action(async () => {
        const c = ctx();
        const r = await ensureKev(await c.store());
        c.out(`KEV catalogue ${r.version ?? '?'}: ${r.n} entries\n`);
      });

    vulns
      .command('epss')
      .description('EPSS exploit-prediction scores')
      .command('import')
      .description("import FIRST's EPSS CSV (plain or .gz)")
      .argument('<file>', 'epss_scores-YYYY-MM-DD.csv[.gz]')
      .action(async (file: string) => {
        const c = ctx();
        const r = await importEpss(await c.store(), file);
        for (const s of r.skipped.slice(0, 20)) c.log.warn(`${file}:${s.line}: ${s.reason}`);
        c.out(`EPSS ${r.modelVersion ?? ''} ${r.scoreDate ?? ''}: ${r.imported} scores imported, ${r.skipped.length} lines skipped\n`);
        if (r.imported === 0) process.exitCode = 1;
      });
  },
});
