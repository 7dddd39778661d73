import { Option } from 'commander';
import { runApps } from '../../engine/context/apps/index.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

export default defineCommand({
  name: 'apps',
  register(program, ctx) {
    program
      .command('apps')
      .description('application profiles: what runs on each host, with evidence and confidence')
      .command('list')
      .description('applications per host')
      .addOption(new Option('--app <id>', 'only this application (mongodb, postgresql, redis, elasticsearch, mysql, nginx, …)'))
      .addOption(new Option('--refresh', 'recompute over the current inventory first'))
      .addOption(formatOption())
      .action(async (o: { app?: string; refresh?: boolean; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        if (o.refresh || (await store.applications.list()).length === 0) await runApps(store);
        const rows = await store.applications.list(o.app ? { app: o.app } : {});
        c.out(
          render(
            rows,
            [
              { key: 'resourceId', get: (r) => r.resourceId, width: 70 },
              { key: 'resourceType', get: (r) => r.resourceType },
              { key: 'app', get: (r) => r.app },
              { key: 'version', get: (r) => r.version },
              { key: 'confidence', get: (r) => r.confidence },
              { key: 'ports', get: (r) => r.ports },
              { key: 'evidence', get: (r) => (o.format === 'table' ? r.evidence.map((e) => `${e.source}: ${e.detail}`).join('; ') : r.evidence), width: 100 },
            ],
            o.format,
          ),
        );
      });
  },
});
