import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { explainExposure, runExposure } from '../../engine/context/exposure/index.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';
import type { CliContext } from '../context.js';
import type { Column } from '../output.js';
import type { StoredExposure } from '../../store/repos/context.repo.js';

async function ensureAnalysed(c: CliContext, refresh: boolean | undefined) {
  const store = await c.store();
  if (refresh || (await store.exposures.list()).length === 0) await runExposure(store);
  return store;
}

export default defineCommand({
  name: 'exposure',
  register(program, ctx) {
    const exposure = program
      .command('exposure')
      .description('internet exposure: which resources are reachable from the internet, on which ports, along which path');
    exposure
      .command('list')
      .description('analysed resources (internet-reachable ones by default)')
      .addOption(new Option('--all', 'also list resources that are not reachable'))
      .addOption(new Option('--refresh', 'recompute over the current inventory first'))
      .addOption(formatOption())
      .action(async (o: { all?: boolean; refresh?: boolean; format: Format }) => {
        const c = ctx();
        const store = await ensureAnalysed(c, o.refresh);
        const rows = await store.exposures.list(o.all ? {} : { internet: true });
        c.out(
          render(
            rows,
            (
              [
                { key: 'resourceId', get: (r) => r.resourceId, width: 80 },
                { key: 'type', get: (r) => r.resourceType },
                { key: 'internet', get: (r) => (o.format === 'table' ? (r.internet ? 'yes' : 'no') : r.internet) },
                {
                  key: 'ports',
                  get: (r) =>
                    o.format === 'table'
                      ? r.ports.map((p) => `${p.protocol}/${p.from === p.to ? p.from : `${p.from}-${p.to}`} from ${p.sources.join('|')}`).join(', ')
                      : r.ports,
                  width: 60,
                },
                { key: 'via', get: (r) => [...new Set(r.paths.map((p) => p.via))] },
                { key: 'paths', get: (r) => (o.format === 'table' ? undefined : r.paths) },
                { key: 'notes', get: (r) => (o.format === 'table' ? undefined : r.notes) },
              ] as Column<StoredExposure>[]
            ).filter((col) => o.format !== 'table' || (col.key !== 'paths' && col.key !== 'notes')),
            o.format,
          ),
        );
      });
    exposure
      .command('explain')
      .description('the path from the internet to a resource, hop by hop (or why there is none)')
      .argument('<id>', 'resource id (ARN) or short id such as i-0abc…')
      .addOption(new Option('--refresh', 'recompute over the current inventory first'))
      .action(async (id: string, o: { refresh?: boolean }) => {
        const c = ctx();
        const store = await ensureAnalysed(c, o.refresh);
        const e =
          (await store.exposures.get(id)) ?? (await store.exposures.list()).find((x) => x.resourceId.endsWith(`/${id}`) || x.resourceId.endsWith(`:${id}`));
        if (!e) throw new ConfigError(`${id} was not analysed: not in the inventory, or not a type exposure analysis covers`, { field: 'id' });
        c.out(explainExposure(e));
      });
  },
});
