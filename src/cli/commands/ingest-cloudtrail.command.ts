import { type Command, Option } from 'commander';
import { parseDuration } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { SEVERITIES } from '../../core/severity.js';
import { ingestCloudTrail, type IngestSummary } from '../../engine/activity/ingest.js';
import { openGeo } from '../../engine/intel/geo.js';
import { loadIntel } from '../../engine/intel/store.js';
import { loadSigmaDirs } from '../../engine/activity/sigma/load.js';
import { parseTarget } from '../../engine/activity/sources.js';
import { loadDetectors } from '../../engine/detector-units.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption } from '../options.js';

/** `--since 2026-11-01`, `--since 2026-11-01T10:00:00Z` or `--since 7d` (ago). */
export function parseSince(v: string, now = Date.now()): number {
  if (/^\d+(ms|s|m|h|d)$/.test(v)) return now - parseDuration(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ConfigError(`--since must be an ISO time or a duration like 7d (got "${v}")`, { field: 'since' });
  return t;
}

/** Everything the ingest needs from the CLI context and config; shared with the demo stage. */
export async function runCloudTrailIngest(
  c: CliContext,
  target: string | undefined,
  o: { queueUrl?: string; since?: string; sigma?: string[]; baselines?: boolean },
): Promise<IngestSummary> {
  const store = await c.store();
  const dirs = [...(o.sigma ?? []), ...(c.config.sigma?.dirs ?? [])];
  const sigma = dirs.length ? await loadSigmaDirs(dirs) : undefined;
  const b = c.config.baselines ?? {};
  return ingestCloudTrail({
    target: parseTarget(target, o.queueUrl),
    store,
    // The shared intel feeds (Tor exits, blocklists) and the offline country + ASN database.
    deps: { intel: await loadIntel(store, c.config, { baseDir: c.home }), geo: openGeo(b.geoMmdb ? { mmdb: b.geoMmdb } : {}) },
    detectors: loadDetectors(),
    ...(sigma && { sigma }),
    ...(o.since && { since: parseSince(o.since) }),
    baselines: {
      enabled: o.baselines !== false && b.enabled !== false,
      learningMs: parseDuration(b.learning ?? '7d'),
      threshold: b.threshold ?? 50,
      ...(b.sensitiveActions && { sensitiveActions: b.sensitiveActions }),
    },
    log: c.log,
  });
}

export function formatSummary(s: IngestSummary): string {
  const lines = [
    `CloudTrail ingest of ${s.target}`,
    `  objects: ${s.objects}${s.resumedPast ? ` (${s.resumedPast} already done, skipped from checkpoint)` : ''}`,
    `  records: ${s.records}, events: ${s.events}${s.skippedOld ? `, older than --since: ${s.skippedOld}` : ''}`,
    `  bad records: ${s.badRecords}`,
    ...s.bad.map((b) => `    ${b.location}: ${b.reason}`),
    ...(s.badRecords > s.bad.length ? [`    … and ${s.badRecords - s.bad.length} more`] : []),
  ];
  if (s.sigma) {
    lines.push(`  sigma: ${s.sigma.rules} rules, ${s.sigma.correlations} correlations loaded, ${s.sigma.unsupported.length} unsupported`);
    for (const u of s.sigma.unsupported) lines.push(`    unsupported ${u.file}: ${u.reason}`);
  }
  lines.push(`  identities with baselines: ${s.identities}`);
  lines.push(`  findings: ${s.findings.created} new, ${s.findings.updated} updated`);
  lines.push(`    by severity: ${SEVERITIES.map((v) => `${v} ${s.findings.bySeverity[v]}`).join(', ')}`);
  for (const [rule, n] of Object.entries(s.findings.byRule).sort((a, b) => b[1] - a[1])) lines.push(`    ${rule}: ${n}`);
  lines.push(`  took ${(s.durationMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/** `skywatch ingest …` may be shared with other log types: find the parent or create it. */
export function ingestParent(program: Command): Command {
  return program.commands.find((c) => c.name() === 'ingest') ?? program.command('ingest').description('read audit and network logs, detect, record findings');
}

export default defineCommand({
  name: 'ingest-cloudtrail',
  register(program, ctx) {
    ingestParent(program)
      .command('cloudtrail')
      .description('ingest CloudTrail from a file or directory (recursive), s3://bucket/prefix, or an SQS queue of S3 notifications')
      .argument('[target]', 'PATH or s3://bucket/prefix')
      .addOption(new Option('--queue-url <url>', 'SQS queue of S3 object notifications (drained, messages deleted once processed)'))
      .addOption(new Option('--since <time>', 'skip events before this ISO time or this long ago (7d)'))
      .addOption(new Option('--sigma <dir...>', 'load SigmaHQ rules from these directories (adds to skywatch.yaml sigma.dirs)'))
      .addOption(new Option('--no-baselines', 'do not score or update behaviour baselines'))
      .addOption(formatOption(['table', 'json'], 'table'))
      .action(async (target: string | undefined, o: { queueUrl?: string; since?: string; sigma?: string[]; baselines?: boolean; format: string }) => {
        const c = ctx();
        const s = await runCloudTrailIngest(c, target, o);
        c.out(o.format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : formatSummary(s));
        if (s.sigma?.unsupported.length) process.exitCode = 1;
      });
  },
});
