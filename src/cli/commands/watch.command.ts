import { Option } from 'commander';
import { parseDuration } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { ClientFactory } from '../../engine/discover/client-factory.js';
import { runDiscovery } from '../../engine/discover/run.js';
import { watchQueue } from '../../engine/discover/watch.js';
import { loadUnits } from '../../engine/units.js';
import { baseCredentials } from '../../providers/aws/provider.js';
import { defineCommand } from '../command.js';
import { formatScanSummary } from './scan.command.js';

interface WatchAwsOptions {
  queueUrl: string;
  fullEvery?: string;
  profile?: string;
  once?: boolean;
}

export default defineCommand({
  name: 'watch',
  register(program, ctx) {
    const watch = program.command('watch').description('keep the inventory current from audit-log events');
    watch
      .command('aws')
      .description('consume CloudTrail events (EventBridge → SQS, or S3 notifications of CloudTrail files) and re-collect what they touched')
      .requiredOption('--queue-url <url>', 'the SQS queue EventBridge or S3 delivers to')
      .addOption(new Option('--full-every <duration>', 'also run a full scan this often (e.g. 6h) to reconcile what events missed'))
      .addOption(new Option('--profile <name>', 'named profile from ~/.aws'))
      .addOption(new Option('--once', 'stop when the queue is empty'))
      .action(async (o: WatchAwsOptions) => {
        const c = ctx();
        if (!/^https?:\/\//.test(o.queueUrl)) throw new ConfigError(`--queue-url must be the queue's URL (got "${o.queueUrl}")`, { field: 'queue-url' });
        let every: number | undefined;
        const fullEvery = o.fullEvery ?? c.config.aws?.fullScanEvery;
        if (fullEvery) {
          try {
            every = parseDuration(fullEvery);
          } catch (e) {
            throw new ConfigError(`--full-every: ${(e as Error).message}`, { field: 'full-every' });
          }
        }
        const store = await c.store();
        const cfg = c.config.aws ?? {};
        const profile = o.profile ?? cfg.profile;
        const factory = new ClientFactory({ env: c.env, ...(cfg.endpoint && { endpoint: cfg.endpoint }) });
        const credentials = baseCredentials({ ...(profile && { profile }) });
        const collectors = loadUnits().collectors.filter((x) => x.provider === 'aws');
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const fullScan = async () => {
          const s = await runDiscovery({
            store,
            log: c.log,
            env: c.env,
            ...(profile && { profile }),
            ...(cfg.assumeRole && { assumeRole: cfg.assumeRole }),
            ...(cfg.externalId && { externalId: cfg.externalId }),
            ...(cfg.accounts && { accounts: cfg.accounts }),
            ...(cfg.regions && { regions: cfg.regions }),
            ...(cfg.services && { services: cfg.services }),
            signal: ac.signal,
          });
          c.out(formatScanSummary(s));
        };
        let timer: NodeJS.Timeout | undefined;
        let scanning: Promise<void> | undefined;
        if (every) {
          timer = setInterval(() => {
            scanning ??= fullScan().finally(() => {
              scanning = undefined;
            });
          }, every);
        }
        c.log.info({ queue: o.queueUrl, collectors: collectors.length, fullEvery }, 'watching for CloudTrail events');
        try {
          const t = await watchQueue({
            store,
            factory,
            collectors,
            queueUrl: o.queueUrl,
            credentials,
            log: c.log,
            signal: ac.signal,
            ...(o.once && { once: true }),
            onBatch: (b) => c.log.info({ messages: b.messages, events: b.events, refreshes: b.plan.length }, 'events received'),
          });
          c.out(`watched ${t.messages} messages, ${t.events} events, ${t.refreshed} refreshes\n`);
        } finally {
          if (timer) clearInterval(timer);
          await scanning;
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
  },
});
