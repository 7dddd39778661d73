import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import { newId } from '../../core/ids.js';
import { errorMessage } from '../../core/errors.js';
import { loadUnits } from '../../engine/units.js';
import { PgBossQueue } from '../../jobs/pg-boss.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { formatOption } from '../options.js';
import { render } from '../output.js';

interface Check {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

/** Where the browser for dashboard tests and HTML-to-PDF would come from. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function diagnose(ctx: CliContext, opts: { queue?: boolean }): Promise<Check[]> {
  const out: Check[] = [];
  const env = ctx.env;
  out.push({ check: 'home', status: 'ok', detail: ctx.home });
  out.push({ check: 'config', status: 'ok', detail: existsSync(ctx.configFile) ? `${ctx.configFile} (valid)` : `${ctx.configFile} (absent: defaults)` });
  try {
    const store = await ctx.store();
    const status = await store.migrationStatus();
    const pending = status.filter((m) => !m.applied);
    out.push({ check: 'store', status: 'ok', detail: `${store.dialect} at ${store.db.location}` });
    out.push({
      check: 'migrations',
      status: pending.length ? 'fail' : 'ok',
      detail: pending.length ? `pending: ${pending.map((m) => m.name).join(', ')}` : `${status.length} applied, current`,
    });
  } catch (e) {
    out.push({ check: 'store', status: 'fail', detail: errorMessage(e) });
  }
  try {
    const u = loadUnits();
    out.push({
      check: 'units',
      status: 'ok',
      detail: `${u.collectors.length} collectors, ${u.checks.length} checks, ${u.detectors.length} detectors, ${u.integrations.size} integrations, ${u.remediations.size} remediations`,
    });
  } catch (e) {
    out.push({ check: 'units', status: 'fail', detail: errorMessage(e) });
  }
  const awsFiles = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'), env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config')].filter(
    (f) => existsSync(f),
  );
  const aws = [
    env.AWS_ACCESS_KEY_ID && 'AWS_ACCESS_KEY_ID',
    env.AWS_PROFILE && `AWS_PROFILE=${env.AWS_PROFILE}`,
    env.AWS_WEB_IDENTITY_TOKEN_FILE && 'web identity token',
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI && 'container credentials',
    ...awsFiles,
  ].filter(Boolean);
  out.push({
    check: 'aws credentials',
    status: aws.length ? 'ok' : 'warn',
    detail: aws.length ? `visible: ${aws.join(', ')}` : 'none visible (instance role or SSO may still work)',
  });
  const azure = [
    env.AZURE_CLIENT_ID && 'AZURE_CLIENT_ID',
    env.AZURE_TENANT_ID && 'AZURE_TENANT_ID',
    existsSync(join(homedir(), '.azure')) && '~/.azure',
  ].filter(Boolean);
  out.push({ check: 'azure credentials', status: azure.length ? 'ok' : 'warn', detail: azure.length ? `visible: ${azure.join(', ')}` : 'none visible' });
  const gcp = [
    env.GOOGLE_APPLICATION_CREDENTIALS && 'GOOGLE_APPLICATION_CREDENTIALS',
    existsSync(join(homedir(), '.config', 'gcloud')) && '~/.config/gcloud',
  ].filter(Boolean);
  out.push({ check: 'gcp credentials', status: gcp.length ? 'ok' : 'warn', detail: gcp.length ? `visible: ${gcp.join(', ')}` : 'none visible' });
  const endpoints = Object.entries(env)
    .filter(([k, v]) => v && (k === 'AWS_ENDPOINT_URL' || k.startsWith('AWS_ENDPOINT_URL_')))
    .map(([k, v]) => `${k}=${v}`);
  out.push({ check: 'endpoint overrides', status: 'ok', detail: endpoints.length ? endpoints.join(', ') : 'none (real cloud endpoints)' });
  const chromium = env.SKYWATCH_CHROMIUM ?? CHROMIUM_PATHS.find((p) => existsSync(p));
  out.push({ check: 'chromium', status: chromium ? 'ok' : 'warn', detail: chromium ?? 'not found (dashboard tests need `apt-get install chromium`)' });
  if (opts.queue) out.push(await queueRoundTrip(ctx));
  return out;
}

/** Sends a diagnostics job and waits for a worker to complete it: proves the fleet is alive. */
async function queueRoundTrip(ctx: CliContext): Promise<Check> {
  if (!ctx.databaseUrl) return { check: 'queue', status: 'warn', detail: 'embedded mode: no worker fleet (set SKYWATCH_DATABASE_URL)' };
  const queue = new PgBossQueue({ connectionString: ctx.databaseUrl });
  try {
    await queue.start();
    const token = newId('echo');
    const id = await queue.enqueue('diagnostics.echo', { token, ms: 0 }, { retryLimit: 0 });
    const store = await ctx.store();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const done = (await store.audit.list({ action: 'job.completed', limit: 50 })).find((e) => e.target === id);
      if (done) return { check: 'queue', status: 'ok', detail: `job ${id} completed by ${done.actor}` };
      await new Promise((r) => setTimeout(r, 250));
    }
    return { check: 'queue', status: 'fail', detail: `job ${id} not completed within 20 s: is a \`skywatch worker\` running?` };
  } catch (e) {
    return { check: 'queue', status: 'fail', detail: errorMessage(e) };
  } finally {
    await queue.stop({ graceful: false, timeoutMs: 1000 }).catch(() => {});
  }
}

export default defineCommand({
  name: 'doctor',
  register(program, ctx) {
    program
      .command('doctor')
      .description('check the store, migrations, credentials, endpoint overrides and tools')
      .addOption(new Option('--queue', 'also send a job through the worker fleet and wait for it'))
      .addOption(formatOption())
      .action(async (o: { queue?: boolean; format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const checks = await diagnose(c, o);
        c.out(
          render(
            checks,
            [
              { key: 'check', get: (r) => r.check },
              { key: 'status', get: (r) => r.status },
              { key: 'detail', get: (r) => r.detail, width: 110 },
            ],
            o.format,
          ),
        );
        if (checks.some((r) => r.status === 'fail')) process.exitCode = 1;
      });
  },
});
