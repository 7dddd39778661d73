import { Option } from 'commander';
import { buildApp, listen } from '../../server/app.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { portOption } from '../options.js';

/** Serves until SIGINT/SIGTERM; resolves when the server has closed. */
export async function serveUntilStopped(ctx: CliContext, port: number, host: string): Promise<void> {
  const app = await buildApp({ store: await ctx.store(), log: ctx.log });
  const url = await listen(app, port, host);
  ctx.out(`Skywatch is serving at ${url}  (health: ${url}/healthz). Press Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void app.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export default defineCommand({
  name: 'serve',
  register(program, ctx) {
    program
      .command('serve')
      .description('serve the HTTP API and dashboard')
      .addOption(portOption())
      .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
      .action(async (o: { port: number; host: string }) => {
        await serveUntilStopped(ctx(), o.port, o.host);
      });
  },
});
