import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import type { CoverageGap } from '../../store/index.js';
import { type Column, type Format, render } from '../output.js';

export default defineCommand({
  name: 'coverage',
  register(program, ctx) {
    program
      .command('coverage')
      .description('coverage gaps of the latest scan: what could not be seen, where, and why')
      .addOption(new Option('--scan <id>', 'a specific scan (default the latest)'))
      .addOption(formatOption())
      .action(async (o: { scan?: string; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const scan = o.scan ? await store.scans.get(o.scan) : await store.scans.latest('aws');
        if (!scan) {
          c.out(o.format === 'json' ? '[]\n' : 'No scan yet: run `skywatch scan aws` first.\n');
          return;
        }
        const gaps = await store.scans.gaps(scan.id);
        if (o.format === 'table') c.out(`Scan ${scan.id} (${scan.status}, started ${scan.startedAt}): ${gaps.length} gap(s)\n`);
        c.out(
          render(
            gaps,
            (
              [
                { key: 'scan', get: (g) => g.scanId },
                { key: 'account', get: (g) => g.account },
                { key: 'region', get: (g) => g.region },
                { key: 'service', get: (g) => g.service },
                { key: 'operation', get: (g) => g.operation },
                { key: 'kind', get: (g) => g.kind },
                { key: 'message', get: (g) => g.message, width: 90 },
                { key: 'at', get: (g) => g.at },
              ] as Column<CoverageGap>[]
            ).filter((col) => o.format !== 'table' || (col.key !== 'scan' && col.key !== 'at')),
            o.format,
          ),
        );
      });
  },
});
