import { Option } from 'commander';
import type { IdentityProfile } from '../../engine/activity/baselines.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { render } from '../output.js';

const top = (m: Record<string, number>, n = 8) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} (${v})`)
    .join(', ');

export default defineCommand({
  name: 'identities',
  register(program, ctx) {
    const cmd = program.command('identities').description('behaviour baselines of the identities seen in audit logs');
    cmd
      .command('list')
      .description('identities with a baseline: events, learning state, anomalies')
      .addOption(new Option('--account <id>', 'only this account'))
      .addOption(formatOption())
      .action(async (o: { account?: string; format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const store = await c.store();
        const rows = await store.identities.list(o.account ? { account: o.account } : {});
        c.out(
          render(
            rows,
            [
              { key: 'identity', get: (r) => r.identity, width: 70 },
              { key: 'type', get: (r) => r.type },
              { key: 'account', get: (r) => r.account },
              { key: 'events', get: (r) => r.events },
              { key: 'learning', get: (r) => r.learningUntil > r.lastSeen },
              { key: 'anomalies', get: (r) => r.anomalies },
              { key: 'firstSeen', get: (r) => r.firstSeen },
              { key: 'lastSeen', get: (r) => r.lastSeen },
            ],
            o.format,
          ),
        );
      });
    cmd
      .command('show')
      .description("an identity's baseline and recent anomalies")
      .argument('<arn>', 'identity: user ARN, role ARN (for role sessions) or arn:aws:iam::<account>:root')
      .addOption(formatOption(['table', 'json'], 'table'))
      .action(async (arn: string, o: { format: string }) => {
        const c = ctx();
        const store = await c.store();
        const p = await store.identities.get<IdentityProfile>(arn);
        if (!p) {
          c.out(`no baseline for ${arn}\n`);
          process.exitCode = 1;
          return;
        }
        if (o.format === 'json') {
          c.out(`${JSON.stringify(p, null, 2)}\n`);
          return;
        }
        const iso = (t: number) => new Date(t).toISOString();
        const busiest = p.hours
          .map((n, h) => [h, n] as const)
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([h, n]) => `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}h (${n})`);
        const lines = [
          `${p.identity}  (${p.type}, ${p.name}, account ${p.account})`,
          `  seen ${iso(p.firstSeen)} → ${iso(p.lastSeen)}, ${p.events} events; learning until ${iso(p.learningUntil)}${p.lastSeen < p.learningUntil ? ' (still learning: no behaviour alerts yet)' : ''}`,
          `  actions (${Object.keys(p.actions).length}): ${top(p.actions)}`,
          `  regions: ${top(p.regions)}`,
          `  countries: ${top(p.countries) || '(no geo data)'}`,
          `  networks: ${top(p.asns) || '(no ASN data)'}`,
          `  clients: ${top(p.userAgents)}`,
          `  access keys: ${Object.keys(p.accessKeys).join(', ') || '(none)'}`,
          `  busiest hours (UTC): ${busiest.join(', ')}`,
          `  volume: mean ${p.volume.mean.toFixed(1)}/h, max ${p.volume.max}/h over ${p.volume.n} hours`,
          `  anomalies (${p.anomalies.length}):`,
          ...p.anomalies
            .slice()
            .reverse()
            .flatMap((a) => [
              `    ${iso(a.time)} ${a.action} from ${a.sourceIp ?? '?'} score ${a.score}`,
              ...a.factors.map((f) => `      - ${f.factor} (+${f.score}): ${f.explanation}`),
            ]),
        ];
        c.out(`${lines.join('\n')}\n`);
      });
  },
});
