import { Argument, Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { integrationUnits, saveIntegration, secretKey, syncConfigIntegrations, testIntegration } from '../../engine/respond/registry.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

/** `--url` and `--secret` land where each type keeps them; anything else is `--option k=v` / `--credential k=v`. */
const URL_FIELD: Record<string, ['options' | 'credentials', string]> = {
  webhook: ['options', 'url'],
  slack: ['credentials', 'webhookUrl'],
  teams: ['credentials', 'webhookUrl'],
  jira: ['options', 'baseUrl'],
  servicenow: ['options', 'instanceUrl'],
  pagerduty: ['options', 'eventsUrl'],
  sqs: ['options', 'queueUrl'],
  sns: ['options', 'endpoint'],
  eventbridge: ['options', 'endpoint'],
  securityhub: ['options', 'endpoint'],
};
const SECRET_FIELD: Record<string, string> = {
  webhook: 'secret',
  slack: 'botToken',
  jira: 'apiToken',
  servicenow: 'password',
  pagerduty: 'routingKey',
  email: 'pass',
  sns: 'secretAccessKey',
  sqs: 'secretAccessKey',
  eventbridge: 'secretAccessKey',
  securityhub: 'secretAccessKey',
};

/** `k=v`: the value as JSON when it parses (numbers, booleans, arrays), else the string. */
function pair(v: string, prev: Record<string, unknown> = {}): Record<string, unknown> {
  const i = v.indexOf('=');
  if (i < 1) throw new ConfigError(`expected key=value, got "${v}"`, { field: v });
  const k = v.slice(0, i);
  const raw = v.slice(i + 1);
  let value: unknown = raw;
  if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/.test(raw)) {
    try {
      value = JSON.parse(raw);
    } catch {}
  }
  return { ...prev, [k]: value };
}

/** Where an integration points, without its secrets (webhook URLs of Slack and Teams are secrets). */
function target(options: Record<string, unknown>): string {
  for (const k of ['url', 'baseUrl', 'instanceUrl', 'queueUrl', 'topicArn', 'eventBusName', 'host', 'eventsUrl'])
    if (typeof options[k] === 'string') return options[k] as string;
  return '';
}

export default defineCommand({
  name: 'integrations',
  register(program, ctx) {
    const cmd = program
      .command('integrations')
      .description('where alerts go: Slack, Teams, Jira, ServiceNow, PagerDuty, webhook, email, SNS, SQS, EventBridge, Security Hub');

    cmd
      .command('add')
      .description('add (or replace) an integration; credentials are sealed at rest')
      .addArgument(new Argument('<type>'))
      .requiredOption('--name <name>', 'a name to refer to it by (routing, test, remove)')
      .addOption(new Option('--url <url>', 'the endpoint (webhook URL, Jira/ServiceNow base URL, Slack/Teams webhook, SQS queue URL, AWS endpoint override)'))
      .addOption(new Option('--secret <secret>', 'the main secret (webhook signing secret, Slack bot token, Jira API token, PagerDuty routing key, password)'))
      .addOption(new Option('--option <key=value>', 'a type option (repeatable)').argParser((v, p: Record<string, unknown> | undefined) => pair(v, p)))
      .addOption(new Option('--credential <key=value>', 'a credential (repeatable)').argParser((v, p: Record<string, unknown> | undefined) => pair(v, p)))
      .addOption(new Option('--allow-private', 'allow private, loopback or link-local targets (tests, on-premises receivers)'))
      .addOption(new Option('--no-test', 'do not run the connection test after adding'))
      .action(
        async (
          type: string,
          o: {
            name: string;
            url?: string;
            secret?: string;
            option?: Record<string, unknown>;
            credential?: Record<string, unknown>;
            allowPrivate?: boolean;
            test: boolean;
          },
        ) => {
          const c = ctx();
          const store = await c.store();
          const units = integrationUnits();
          if (!units.has(type)) throw new ConfigError(`unknown integration type "${type}" (known: ${[...units.keys()].sort().join(', ')})`, { field: 'type' });
          const options: Record<string, unknown> = { ...(o.option ?? {}) };
          const credentials: Record<string, unknown> = { ...(o.credential ?? {}) };
          if (o.url) {
            const [where, field] = URL_FIELD[type] ?? ['options', 'url'];
            (where === 'options' ? options : credentials)[field] = o.url;
          }
          if (o.secret) credentials[SECRET_FIELD[type] ?? 'secret'] = o.secret;
          const key = secretKey(c.home, c.env);
          const rec = await saveIntegration(store, key, units, { name: o.name, type, options, credentials, ...(o.allowPrivate && { allowPrivate: true }) });
          await store.audit.record(c.env.SKYWATCH_ACTOR ?? `cli:${c.env.USER ?? 'unknown'}`, 'integration.added', rec.id, { name: rec.name, type });
          c.out(`added ${type} integration "${o.name}"\n`);
          if (o.test) {
            const t = await testIntegration(store, key, o.name, units);
            c.out(t.ok ? `connection test passed (${t.ms} ms)\n` : `connection test FAILED: ${t.error}\n`);
            if (!t.ok) process.exitCode = 1;
          }
        },
      );

    cmd
      .command('list')
      .description('configured integrations (secrets never shown)')
      .addOption(formatOption())
      .action(async (o: { format: Format }) => {
        const c = ctx();
        const store = await c.store();
        if (c.config.integrations?.length) await syncConfigIntegrations(store, secretKey(c.home, c.env), c.config.integrations, c.env);
        const list = await store.integrations.list();
        c.out(
          render(
            list,
            [
              { key: 'name', get: (i) => i.name },
              { key: 'type', get: (i) => i.type },
              { key: 'version', get: (i) => i.version },
              { key: 'enabled', get: (i) => i.enabled },
              { key: 'target', get: (i) => target(i.options) },
              { key: 'credentials', get: (i) => (i.secret ? 'sealed' : 'none') },
              { key: 'allowPrivate', get: (i) => Boolean(i.options.allowPrivate) },
            ],
            o.format,
          ),
        );
      });

    cmd
      .command('test')
      .description('test the connection: reaches the other side and proves the credentials work')
      .addArgument(new Argument('<name>'))
      .action(async (name: string) => {
        const c = ctx();
        const store = await c.store();
        if (c.config.integrations?.length) await syncConfigIntegrations(store, secretKey(c.home, c.env), c.config.integrations, c.env);
        const t = await testIntegration(store, secretKey(c.home, c.env), name);
        c.out(t.ok ? `${name}: ok (${t.ms} ms)\n` : `${name}: FAILED: ${t.error}\n`);
        if (!t.ok) process.exitCode = 1;
      });

    cmd
      .command('remove')
      .description('remove an integration')
      .addArgument(new Argument('<name>'))
      .action(async (name: string) => {
        const c = ctx();
        const store = await c.store();
        const rec = await store.integrations.byName(name);
        if (!rec) throw new ConfigError(`no integration named "${name}"`, { field: 'name' });
        await store.integrations.delete(rec.id);
        await store.audit.record(c.env.SKYWATCH_ACTOR ?? `cli:${c.env.USER ?? 'unknown'}`, 'integration.removed', rec.id, { name });
        c.out(
          `removed "${name}"${c.config.integrations?.some((i) => i.name === name) ? ' (it is still in skywatch.yaml and comes back on the next sync)' : ''}\n`,
        );
      });
  },
});
