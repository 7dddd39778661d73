import { dirname } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { type Command, Option } from 'commander';
import { buildAttributionIndex } from '../../engine/network/attribution.js';
import { type IngestReport, ingestDnsLogs, ingestFlowLogs } from '../../engine/network/ingest.js';
import { s3Lister } from '../../engine/network/s3.js';
import { openGeo } from '../../engine/intel/geo.js';
import { loadIntel } from '../../engine/intel/store.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption } from '../options.js';
import { render } from '../output.js';

/** `ingest` is shared with other capabilities' ingests (cloudtrail…): reuse the group when it exists. */
export function ingestGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'ingest') ?? program.command('ingest').description('read logs (flow, DNS, audit) and detect');
}

async function run(
  c: CliContext,
  kind: 'flowlogs' | 'dns',
  inputs: string[],
  o: { fields?: string; checkpoint: boolean; geo: boolean; format: 'table' | 'json' | 'csv' },
) {
  const store = await c.store();
  const intel = await loadIntel(store, c.config, { baseDir: dirname(c.configFile) });
  const index = await buildAttributionIndex(store);
  const net = c.config.network;
  const geo = o.geo && net?.geo?.asn !== false ? openGeo({ ...(net?.geo?.mmdb && { mmdb: net.geo.mmdb }) }) : undefined;
  const needsS3 = inputs.some((i) => i.startsWith('s3://'));
  const common = {
    store,
    intel,
    index,
    log: c.log,
    checkpoint: o.checkpoint,
    ...(geo && { geo }),
    ...(needsS3 && { s3: s3Lister(new S3Client({ ...(c.config.aws?.profile && { profile: c.config.aws.profile }) })) }),
    ...(net?.maxKeys && { limits: { maxKeys: net.maxKeys, maxEvidence: net.maxEvidence ?? 20 } }),
  };
  const report: IngestReport =
    kind === 'flowlogs' ? await ingestFlowLogs(inputs, { ...common, ...(o.fields && { fields: o.fields }) }) : await ingestDnsLogs(inputs, common);
  for (const s of report.errorSample) c.log.warn(s);
  c.out(
    render(
      [report],
      [
        { key: 'kind', get: (r) => r.kind },
        { key: 'objects', get: (r) => r.objects },
        { key: 'skippedObjects', get: (r) => r.skippedObjects },
        { key: 'lines', get: (r) => r.lines },
        { key: 'records', get: (r) => r.records },
        { key: 'errors', get: (r) => r.errors },
        { key: 'findingsCreated', get: (r) => r.findingsCreated },
        { key: 'findingsUpdated', get: (r) => r.findingsUpdated },
        { key: 'portsObserved', get: (r) => r.portsObserved },
        { key: 'durationMs', get: (r) => r.durationMs },
      ],
      o.format,
    ),
  );
}

export default defineCommand({
  name: 'ingest-network',
  register(program, ctx) {
    const ingest = ingestGroup(program);
    ingest
      .command('flowlogs')
      .description('VPC / Transit Gateway flow logs from files, directories, .gz or s3://bucket/prefix; resumes from its checkpoint')
      .argument('<paths...>', 'files, directories or s3:// prefixes')
      .addOption(new Option('--fields <list>', 'field list of headerless custom-format logs (`version srcaddr …`, or the AWS LogFormat string)'))
      .addOption(new Option('--no-checkpoint', 'read everything again, ignoring and not saving checkpoints'))
      .addOption(new Option('--no-geo', 'skip country/ASN lookups of external peers'))
      .addOption(formatOption())
      .action(async (paths: string[], o: { fields?: string; checkpoint: boolean; geo: boolean; format: 'table' | 'json' | 'csv' }) =>
        run(ctx(), 'flowlogs', paths, o),
      );
    ingest
      .command('dns')
      .description('Route 53 Resolver query logs from files, directories, .gz or s3://bucket/prefix; resumes from its checkpoint')
      .argument('<paths...>', 'files, directories or s3:// prefixes')
      .addOption(new Option('--no-checkpoint', 'read everything again, ignoring and not saving checkpoints'))
      .addOption(formatOption())
      .action(async (paths: string[], o: { checkpoint: boolean; format: 'table' | 'json' | 'csv' }) => run(ctx(), 'dns', paths, { ...o, geo: false }));
  },
});
