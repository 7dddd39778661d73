import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { parseDuration } from '../../core/config.js';
import type { FieldChange } from '../../core/diff.js';
import { defineCommand } from '../command.js';
import { formatOption, intArg } from '../options.js';
import type { StoredResource } from '../../store/index.js';
import { type Format, render } from '../output.js';

/** `--since 2026-11-01`, `--since 2026-11-01T10:00:00Z` or a duration ago (`--since 24h`). */
export function parseSince(text: string, now = Date.now()): string {
  if (/^\d+(ms|s|m|h|d)$/.test(text)) return new Date(now - parseDuration(text)).toISOString();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new ConfigError(`--since: "${text}" is neither a date (2026-11-01) nor a duration (24h, 7d)`, { field: 'since' });
  return new Date(t).toISOString();
}

function changeSummary(kind: string, diff: unknown): string {
  if (kind !== 'modify' || !Array.isArray(diff)) return kind;
  const paths = (diff as FieldChange[]).map((d) => d.path);
  return `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` (+${paths.length - 5})` : ''}`;
}

export default defineCommand({
  name: 'inventory',
  register(program, ctx) {
    const inv = program.command('inventory').description('the discovered resources, their relationships and history');
    inv
      .command('list')
      .description('list resources')
      .addOption(new Option('--type <type>', 'resource type, e.g. aws.ec2.instance'))
      .addOption(new Option('--account <id>', 'account id'))
      .addOption(new Option('--region <region>', 'region (global for IAM and other global services)'))
      .addOption(new Option('--search <text>', 'substring of the name or id'))
      .addOption(new Option('--limit <n>', 'at most this many').argParser(intArg('--limit', 1, 100_000)).default(1000))
      .addOption(formatOption())
      .action(async (o: { type?: string; account?: string; region?: string; search?: string; limit: number; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const filter = {
          ...(o.type && { type: o.type }),
          ...(o.account && { account: o.account }),
          ...(o.region && { region: o.region }),
          ...(o.search && { search: o.search }),
        };
        const rows: StoredResource[] = [];
        for await (const batch of store.resources.stream(filter, Math.min(o.limit, 1000))) {
          rows.push(...batch);
          if (rows.length >= o.limit) break;
        }
        c.out(
          render(
            rows.slice(0, o.limit),
            [
              { key: 'id', get: (r) => r.id, width: 80 },
              { key: 'type', get: (r) => r.type },
              { key: 'account', get: (r) => r.account },
              { key: 'region', get: (r) => r.region },
              { key: 'name', get: (r) => r.name, width: 40 },
              { key: 'lastSeen', get: (r) => r.lastSeen },
              ...(o.format === 'table'
                ? []
                : [
                    { key: 'firstSeen', get: (r: StoredResource) => r.firstSeen },
                    { key: 'tags', get: (r: StoredResource) => r.tags },
                  ]),
            ],
            o.format,
          ),
        );
      });
    inv
      .command('show')
      .description('one resource: configuration, relationships and recent changes')
      .argument('<id>', 'resource id (ARN)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .action(async (id: string, o: { format: 'text' | 'json' }) => {
        const c = ctx();
        const store = await c.store();
        const r = await store.resources.get(id);
        if (!r) throw new ConfigError(`no resource with id "${id}" (try \`skywatch inventory list --search\`)`, { field: 'id' });
        const edges = await store.edges.of(id);
        const changes = await store.resources.changes({ resourceId: id, limit: 20 });
        if (o.format === 'json') {
          c.out(`${JSON.stringify({ resource: r, edges, changes }, null, 2)}\n`);
          return;
        }
        const lines = [
          `${r.id}`,
          `  type ${r.type}, account ${r.account}, region ${r.region}, name ${r.name}`,
          `  first seen ${r.firstSeen}, last seen ${r.lastSeen}${r.deletedAt ? `, DELETED ${r.deletedAt}` : ''}`,
          `  tags ${JSON.stringify(r.tags)}`,
          '',
          'Relationships:',
          ...(edges.length ? edges.map((e) => (e.direction === 'out' ? `  --${e.kind}--> ${e.to}` : `  <--${e.kind}-- ${e.from}`)) : ['  (none)']),
          '',
          'Recent changes:',
          ...(changes.length
            ? changes.map((ch) => `  ${ch.at} ${ch.kind}${ch.actor ? ` by ${ch.actor}` : ''}: ${changeSummary(ch.kind, ch.diff)}`)
            : ['  (none)']),
          '',
          'Configuration:',
          JSON.stringify(r.config, null, 2),
        ];
        c.out(`${lines.join('\n')}\n`);
      });
    inv
      .command('changes')
      .description('created, modified and deleted resources')
      .addOption(new Option('--since <when>', 'a date or a duration ago (24h, 7d)').default('7d'))
      .addOption(new Option('--account <id>', 'account id'))
      .addOption(new Option('--limit <n>', 'at most this many').argParser(intArg('--limit', 1, 100_000)).default(1000))
      .addOption(formatOption())
      .action(async (o: { since: string; account?: string; limit: number; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const changes = await store.resources.changes({ since: parseSince(o.since), limit: o.limit, ...(o.account && { account: o.account }) });
        c.out(
          render(
            changes,
            [
              { key: 'at', get: (ch) => ch.at },
              { key: 'kind', get: (ch) => ch.kind },
              { key: 'type', get: (ch) => ch.resourceType },
              { key: 'account', get: (ch) => ch.account },
              { key: 'resource', get: (ch) => ch.resourceId, width: 80 },
              { key: 'fields', get: (ch) => (ch.kind === 'modify' && Array.isArray(ch.diff) ? (ch.diff as FieldChange[]).map((d) => d.path) : []) },
              { key: 'actor', get: (ch) => ch.actor },
              ...(o.format === 'json' ? [{ key: 'diff', get: (ch: (typeof changes)[number]) => ch.diff }] : []),
            ],
            o.format,
          ),
        );
      });
  },
});
