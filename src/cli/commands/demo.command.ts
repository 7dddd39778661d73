import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { DEMO_STAGES, runStages } from '../../engine/pipeline.js';
import { openStore } from '../../store/index.js';
import { defineCommand } from '../command.js';
import { portOption } from '../options.js';
import { serveUntilStopped } from './serve.command.js';

/** The demo data shipped with the project (recorded organisation, logs, scanner reports). */
export const DEMO_DIR = resolve(import.meta.dirname, '../../../demo');

export default defineCommand({
  name: 'demo',
  register(program, ctx) {
    program
      .command('demo')
      .description('run every stage on the demo organisation in a fresh demo home and print what it found')
      .addOption(new Option('--serve', 'then serve the dashboard on the demo data'))
      .addOption(portOption())
      .addOption(new Option('--host <host>', 'address to bind with --serve').default('127.0.0.1'))
      .action(async (o: { serve?: boolean; port: number; host: string }) => {
        const c = ctx();
        // The demo never touches real data: its own home, wiped each run, always on the embedded store.
        const demoHome = join(c.home, 'demo');
        rmSync(demoHome, { recursive: true, force: true });
        const store = await openStore({ home: demoHome });
        const started = Date.now();
        c.out(`Skywatch demo — fresh demo home at ${demoHome}\n`);
        try {
          await runStages(DEMO_STAGES, { store, log: c.log, home: demoHome, demoDir: DEMO_DIR, facts: new Map() }, (stage, r) => {
            c.out(`\n== ${stage.title}\n${r.summary.map((l) => `  ${l}`).join('\n')}\n`);
          });
        } finally {
          await store.close();
        }
        c.out(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
        if (o.serve) {
          const served = { ...c, home: demoHome, databaseUrl: undefined, store: () => openStore({ home: demoHome }) };
          await serveUntilStopped(served, o.port, o.host);
        }
      });
  },
});
