import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { errorMessage } from '../../core/errors.js';
import { wantedHydrations } from '../../engine/detect/config/evaluate.js';
import { pullInspector } from '../../engine/detect/vulns/inspector-pull.js';
import { runConfiguredChecks, runtimeChecks } from '../../engine/detect/config/runtime.js';
import { diffLine } from '../../engine/detect/config/stage.js';
import { type ScanSummary, runDiscovery } from '../../engine/discover/run.js';
import { PgBossQueue } from '../../jobs/pg-boss.js';
import { parseRegions } from '../../providers/aws/provider.js';
import { defineCommand } from '../command.js';
import { intArg } from '../options.js';
import { render } from '../output.js';
import { progress } from '../progress.js';

interface ScanAwsOptions {
  profile?: string;
  assumeRole?: string;
  externalId?: string;
  accounts?: string;
  regions?: string;
  services?: string;
  resume?: boolean;
  record?: string;
  replay?: string;
  concurrency?: number;
  rate?: number;
  checks?: boolean;
  allFields?: boolean;
  inspector?: boolean;
  queue?: boolean;
}

export function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** The human summary of a scan: counts by type, changes, gaps. Shared by `scan` and the demo stage. */
export function formatScanSummary(s: ScanSummary): string {
  const lines: string[] = [];
  lines.push(`Scan ${s.scanId}: ${s.status}${s.resumed ? ' (resumed)' : ''} in ${(s.durationMs / 1000).toFixed(1)} s`);
  if (s.error) lines.push(`  ${s.error}`);
  lines.push(`  accounts: ${s.accounts.map((a) => `${a.id} (${a.name}; ${a.regions.length} regions)`).join(', ') || 'none'}`);
  for (const k of s.skippedAccounts) lines.push(`  skipped account ${k.id} (${k.name}): ${k.reason}`);
  lines.push(`  work items: ${s.workItems.done} done, ${s.workItems.skipped} skipped (already done), ${s.workItems.total} planned`);
  lines.push(`  API calls: ${s.api.calls} (${s.api.retries} retries, ${s.api.throttled} throttled)`);
  lines.push(
    `  resources: ${s.resources.total} — changes: ${s.changes.created} created, ${s.changes.modified} modified, ${s.changes.deleted} deleted, ${s.changes.unchanged} unchanged`,
  );
  const types = Object.entries(s.resources.byType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (types.length) {
    lines.push('');
    lines.push(
      render(
        types.map(([type, n]) => ({ type, n })),
        [
          { key: 'type', get: (r) => r.type },
          { key: 'resources', get: (r) => r.n },
        ],
        'table',
      ).trimEnd(),
    );
  }
  lines.push('');
  if (s.gaps.length) {
    lines.push(`Coverage gaps (${s.gaps.length}):`);
    lines.push(
      render(
        s.gaps,
        [
          { key: 'account', get: (g) => g.account },
          { key: 'region', get: (g) => g.region },
          { key: 'service', get: (g) => g.service },
          { key: 'operation', get: (g) => g.operation },
          { key: 'kind', get: (g) => g.kind },
          { key: 'message', get: (g) => g.message, width: 80 },
        ],
        'table',
      ).trimEnd(),
    );
  } else lines.push('No coverage gaps.');
  return `${lines.join('\n')}\n`;
}

export default defineCommand({
  name: 'scan',
  register(program, ctx) {
    const scan = program.command('scan').description('discover cloud resources into the inventory');
    scan
      .command('aws')
      .description('discover an AWS account or organisation (accounts × regions × collectors)')
      .addOption(new Option('--profile <name>', 'named profile from ~/.aws (default: the default credential chain)'))
      .addOption(new Option('--assume-role <name>', 'role name (or ARN) to assume in each member account'))
      .addOption(new Option('--external-id <id>', 'external id for --assume-role'))
      .addOption(new Option('--accounts <ids>', 'only these account ids, comma-separated'))
      .addOption(new Option('--regions <list>', 'regions, comma-separated, or "all" enabled ones (default all)'))
      .addOption(new Option('--services <list>', 'only these services or collector ids, comma-separated (e.g. ec2,s3,iam)'))
      .addOption(new Option('--resume', 'continue the latest unfinished scan, skipping finished work'))
      .addOption(new Option('--record <dir>', 'write every API response to this directory'))
      .addOption(new Option('--replay <dir>', 'answer API calls from a recording directory, with no network'))
      .addOption(
        new Option(
          '--queue',
          'run the work items as jobs on the PostgreSQL queue, executed by `skywatch worker` processes (needs SKYWATCH_DATABASE_URL); this command plans, waits and summarises',
        ),
      )
      .addOption(new Option('--concurrency <n>', 'account × service buckets collected at once').argParser(intArg('--concurrency', 1, 256)))
      .addOption(new Option('--inspector', 'also pull Amazon Inspector findings for the scanned accounts and regions'))
      .addOption(new Option('--no-checks', 'do not run the configuration checks after the scan'))
      .addOption(new Option('--all-fields', 'fetch every hydrated field, not only those the enabled checks need'))
      .addOption(new Option('--rate <n>', 'calls per second per account × service (adaptive; halves on throttling)').argParser(intArg('--rate', 1, 1000)))
      .action(async (o: ScanAwsOptions) => {
        const c = ctx();
        if (o.record && o.replay) throw new ConfigError('--record and --replay cannot be used together', { field: 'record' });
        if (o.queue && o.record)
          throw new ConfigError('--record cannot be used with --queue: each worker would record only its own calls', { field: 'record' });
        if (o.queue && !c.databaseUrl)
          throw new ConfigError('--queue needs PostgreSQL, where the workers take their jobs: set SKYWATCH_DATABASE_URL=postgres://…', {
            field: 'SKYWATCH_DATABASE_URL',
          });
        const cfg = c.config.aws ?? {};
        const accounts = list(o.accounts) ?? cfg.accounts;
        for (const a of accounts ?? [])
          if (!/^\d{12}$/.test(a)) throw new ConfigError(`--accounts: "${a}" is not a 12-digit AWS account id`, { field: 'accounts' });
        const regions = parseRegions(o.regions) ?? cfg.regions;
        const store = await c.store();
        const bar = progress('scan aws', c.log);
        const profile = o.profile ?? cfg.profile;
        const assumeRole = o.assumeRole ?? cfg.assumeRole;
        const externalId = o.externalId ?? cfg.externalId;
        const services = list(o.services) ?? cfg.services;
        // Only the fields some enabled check reads are fetched: the least API calls for the same findings.
        const checks = o.checks === false ? undefined : runtimeChecks(c.config, c.configFile).checks;
        const wanted = o.allFields || !checks ? undefined : wantedHydrations(checks);
        // Explicit, not automatic: whether workers are running cannot be known from here, and a scan
        // that silently waits for workers that never come is worse than one that runs in-process.
        const queue = o.queue
          ? new PgBossQueue({ connectionString: c.databaseUrl as string, ...(c.env.SKYWATCH_QUEUE_SCHEMA && { schema: c.env.SKYWATCH_QUEUE_SCHEMA }) })
          : undefined;
        await queue?.start();
        const s = await runDiscovery({
          ...(queue && { queue, distributed: true }),
          ...(wanted && { wanted }),
          store,
          log: c.log,
          env: c.env,
          ...(profile && { profile }),
          ...(assumeRole && { assumeRole }),
          ...(externalId && { externalId }),
          ...(accounts && { accounts }),
          ...(regions && { regions }),
          ...(services && { services }),
          ...(o.resume && { resume: true }),
          ...(o.record && { record: o.record }),
          ...(o.replay && { replay: o.replay }),
          ...(cfg.endpoint && { endpoint: cfg.endpoint }),
          ...((o.concurrency ?? cfg.concurrency) && { concurrency: o.concurrency ?? cfg.concurrency }),
          ...((o.rate ?? cfg.rate) && { rate: { perSecond: (o.rate ?? cfg.rate) as number } }),
          ...(cfg.maxAttempts && { maxAttempts: cfg.maxAttempts }),
          onProgress: (p) => {
            if (p.phase === 'planned') {
              bar.total(p.total);
              bar.tick(p.done);
            } else bar.tick(1, p.item?.key ?? '');
          },
        }).finally(() => queue?.stop({ graceful: true, timeoutMs: 5000 }));
        bar.done();
        c.out(formatScanSummary(s));
        if (s.status === 'failed') {
          process.exitCode = 1;
          return;
        }
        if (o.inspector) {
          if (o.replay) c.out('Inspector: not pulled with --replay (recordings hold configuration only)\n');
          else {
            // Inspector findings are read where Inspector aggregates them (the calling or delegated-admin
            // account), filtered to the accounts this scan covered, region by region.
            const regionsScanned = [...new Set(s.accounts.flatMap((a) => a.regions))];
            const ids = s.accounts.map((a) => a.id);
            for (const region of regionsScanned) {
              try {
                const v = await pullInspector(store, { region, accounts: ids });
                c.out(`Inspector ${region}: ${v.vulnerabilities} vulnerabilities, ${v.matched} matched to inventory, ${v.unmatched} unmatched\n`);
              } catch (e) {
                c.out(`Inspector ${region}: not pulled (${errorMessage(e)})\n`);
              }
            }
          }
        }
        if (checks) {
          const r = await runConfiguredChecks(store, { config: c.config, configFile: c.configFile, log: c.log });
          c.out(
            `Checks: ${r.checks} checks, ${r.evaluations} evaluations — ${r.counts.pass} pass, ${r.counts.fail} fail, ${r.counts.error} error, ${r.counts['not-applicable']} not applicable\n`,
          );
          if (r.diff) c.out(`Findings ${diffLine(r.diff)}\n`);
        }
      });
  },
});
