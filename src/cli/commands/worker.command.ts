import { hostname } from 'node:os';
import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { serveJobs } from '../../engine/jobs.js';
import { PgBossQueue } from '../../jobs/pg-boss.js';
import { defineCommand } from '../command.js';
import { intArg } from '../options.js';

export default defineCommand({
  name: 'worker',
  register(program, ctx) {
    program
      .command('worker')
      .description('run a worker that takes jobs from the PostgreSQL queue (any number may run)')
      .addOption(new Option('--poll-seconds <n>', 'how often to poll for jobs').argParser(intArg('--poll-seconds', 1, 60)).default(2))
      .addOption(
        new Option('--maintenance-seconds <n>', 'how often expired jobs are recovered').argParser(intArg('--maintenance-seconds', 1, 3600)).default(60),
      )
      .action(async (o: { pollSeconds: number; maintenanceSeconds: number }) => {
        const c = ctx();
        if (!c.databaseUrl)
          throw new ConfigError('skywatch worker needs PostgreSQL: set SKYWATCH_DATABASE_URL=postgres://…', { field: 'SKYWATCH_DATABASE_URL' });
        const store = await c.store();
        const queue = new PgBossQueue({
          ...(c.env.SKYWATCH_QUEUE_SCHEMA && { schema: c.env.SKYWATCH_QUEUE_SCHEMA }),
          connectionString: c.databaseUrl,
          pollingIntervalSeconds: o.pollSeconds,
          maintenanceIntervalSeconds: o.maintenanceSeconds,
        });
        await queue.start();
        const worker = `worker:${hostname()}:${process.pid}`;
        await serveJobs(queue, { store, log: c.log, worker });
        c.log.info({ worker }, 'worker started');
        c.out(`worker ${worker} ready\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            c.log.info({ worker }, 'stopping: finishing running jobs');
            void queue.stop({ graceful: true, timeoutMs: 30_000 }).then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
  },
});
