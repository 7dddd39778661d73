import { Option } from 'commander';
import { suppressionRuleSchema } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { applySuppressions, isActive, loadSuppressions, matchOf } from '../../engine/detect/config/suppressions.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export default defineCommand({
  name: 'suppressions',
  register(program, ctx) {
    const cmd = program.command('suppressions').description('suppression rules: findings they match stay visible as suppressed');
    cmd
      .command('list')
      .description('every rule (skywatch.yaml and the store), active or expired, with the findings it holds')
      .addOption(formatOption())
      .action(async (o: { format: Format }) => {
        const c = ctx();
        const store = await c.store();
        const rules = await loadSuppressions(store, c.config);
        const now = new Date();
        await applySuppressions(store, rules, now);
        const held = await store.configQueries.suppressedCounts();
        c.out(
          render(
            rules,
            [
              { key: 'id', get: (r) => r.id },
              { key: 'origin', get: (r) => r.origin },
              { key: 'active', get: (r) => isActive(r, now) },
              { key: 'match', get: (r) => r.match, width: 70 },
              { key: 'reason', get: (r) => r.reason, width: 40 },
              { key: 'owner', get: (r) => r.owner },
              { key: 'author', get: (r) => r.author },
              { key: 'expiresAt', get: (r) => r.expiresAt },
              { key: 'findings', get: (r) => held.get(r.id) ?? 0 },
            ],
            o.format,
          ),
        );
      });
    cmd
      .command('add')
      .description('add a rule: every matcher given must match (AND); rules combine with OR')
      .addOption(new Option('--check <glob>', 'check id or glob (repeatable)').argParser(collect))
      .addOption(new Option('--account <id>', 'account (repeatable)').argParser(collect))
      .addOption(new Option('--region <region>', 'region or glob (repeatable)').argParser(collect))
      .addOption(new Option('--resource <id>', 'resource id (repeatable)').argParser(collect))
      .addOption(new Option('--arn <glob>', 'ARN glob, e.g. arn:aws:s3:::acme-public-* (repeatable)').argParser(collect))
      .addOption(new Option('--tag <key=value>', 'resource tag; value * means any (repeatable)').argParser(collect))
      .addOption(new Option('--reason <text>', 'why this is accepted').makeOptionMandatory())
      .addOption(new Option('--owner <who>', 'who owns the accepted risk'))
      .addOption(new Option('--author <who>', 'who adds the rule (default $USER)'))
      .addOption(new Option('--expires <date>', 'YYYY-MM-DD or an ISO time; findings re-open after it'))
      .addOption(formatOption())
      .action(
        async (o: {
          check?: string[];
          account?: string[];
          region?: string[];
          resource?: string[];
          arn?: string[];
          tag?: string[];
          reason: string;
          owner?: string;
          author?: string;
          expires?: string;
          format: Format;
        }) => {
          const c = ctx();
          const tags: Record<string, string> = {};
          for (const t of o.tag ?? []) {
            const i = t.indexOf('=');
            if (i <= 0) throw new ConfigError(`--tag must be key=value (got "${t}")`, { field: '--tag' });
            tags[t.slice(0, i)] = t.slice(i + 1);
          }
          const parsed = suppressionRuleSchema.safeParse({
            ...(o.check && { checkIds: o.check }),
            ...(o.account && { accounts: o.account }),
            ...(o.region && { regions: o.region }),
            ...(o.resource && { resourceIds: o.resource }),
            ...(o.arn && { arnGlobs: o.arn }),
            ...(o.tag && { tags }),
            reason: o.reason,
            ...(o.owner && { owner: o.owner }),
            ...(o.expires && { expires: o.expires }),
          });
          if (!parsed.success) {
            const i = parsed.error.issues[0];
            throw new ConfigError(`${i?.path.join('.') || 'suppression'}: ${i?.message}`, { field: i?.path.join('.') || 'suppression' });
          }
          const r = parsed.data;
          const expiresAt = r.expires ? (/^\d{4}-\d{2}-\d{2}$/.test(r.expires) ? `${r.expires}T23:59:59.999Z` : new Date(r.expires).toISOString()) : null;
          const store = await c.store();
          const author = o.author ?? c.env.USER ?? 'cli';
          const s = await store.suppressions.create({ match: matchOf(r), reason: r.reason, owner: r.owner ?? null, author, expiresAt });
          await store.audit.record(author, 'suppression.add', s.id, { match: s.match, reason: s.reason, expiresAt });
          const applied = await applySuppressions(store, await loadSuppressions(store, c.config), new Date());
          c.out(
            render(
              [{ id: s.id, suppressed: applied.suppressed }],
              [
                { key: 'id', get: (x) => x.id },
                { key: 'suppressed', get: (x) => x.suppressed },
              ],
              o.format,
            ),
          );
        },
      );
    cmd
      .command('remove')
      .description('remove a stored rule; its findings re-open')
      .argument('<id>', 'rule id (from `suppressions list`)')
      .action(async (id: string) => {
        const c = ctx();
        if (id.startsWith('cfg_')) throw new ConfigError(`"${id}" comes from skywatch.yaml: remove it there`, { field: 'id' });
        const store = await c.store();
        if (!(await store.suppressions.delete(id))) throw new ConfigError(`no suppression "${id}"`, { field: 'id' });
        await store.audit.record(c.env.USER ?? 'cli', 'suppression.remove', id, {});
        const applied = await applySuppressions(store, await loadSuppressions(store, c.config), new Date());
        c.out(`removed ${id}; ${applied.reopened} finding(s) re-opened\n`);
      });
  },
});
