import { awsRemediation } from '../../engine/respond/aws-remediation.js';
import { join } from 'node:path';
import { Option } from 'commander';
import { syncConfigIntegrations } from '../../engine/respond/registry.js';
import { ensureAdmin } from '../../server/auth/first-run.js';
import { buildApp, listen } from '../../server/app.js';
import { loadSecretKey } from '../../store/secrets.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { portOption } from '../options.js';

/** Serves until SIGINT/SIGTERM; resolves when the server has closed. */
export async function serveUntilStopped(ctx: CliContext, port: number, host: string): Promise<void> {
  const store = await ctx.store();
  const key = loadSecretKey({ ...(ctx.env.SKYWATCH_SECRET_KEY && { env: ctx.env.SKYWATCH_SECRET_KEY }), file: join(ctx.home, 'secret.key') });
  const admin = await ensureAdmin(store, ctx.env);
  // skywatch.yaml integrations are in the table before the dashboard lists them (read-only there).
  if (ctx.config.integrations?.length)
    await syncConfigIntegrations(store, key, ctx.config.integrations, ctx.env).catch((err: unknown) =>
      ctx.log.warn({ err }, 'skywatch.yaml integrations not synced'),
    );
  const aws = awsRemediation(store, ctx.config, ctx.env);
  const app = await buildApp({
    store,
    log: ctx.log,
    key,
    config: ctx.config,
    secureCookies: ctx.env.SKYWATCH_SECURE_COOKIES === '1',
    // Applies act and verify like `skywatch remediate`: same credentials, regions and re-collection.
    remediationContext: aws.context,
    remediationVerify: aws.verify,
  });
  const url = await listen(app, port, host);
  ctx.out(`Skywatch is serving at ${url}  (health: ${url}/healthz). Press Ctrl-C to stop.\n`);
  if (admin.generated) ctx.out(`First run: created user "admin" with password ${admin.password}  (shown once; set SKYWATCH_ADMIN_PASSWORD to choose it)\n`);
  else if (admin.created) ctx.out('First run: created user "admin" with the password from SKYWATCH_ADMIN_PASSWORD.\n');
  else ctx.out('Log in with an existing user (the first run created "admin").\n');
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
      .description('serve the HTTP API and dashboard (login required; the first run creates "admin")')
      .addOption(portOption())
      .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
      .action(async (o: { port: number; host: string }) => {
        await serveUntilStopped(ctx(), o.port, o.host);
      });
  },
});
