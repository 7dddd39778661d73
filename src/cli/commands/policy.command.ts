import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { formatProblem, loadPolicyDir, loadPolicyFile } from '../../engine/detect/config/policies.js';
import { testExamples, testOnInventory } from '../../engine/detect/config/policy-test.js';
import { loadUnits } from '../../engine/units.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

export default defineCommand({
  name: 'policy',
  register(program, ctx) {
    const cmd = program.command('policy').description('custom policies (YAML + CEL): validate and test');
    cmd
      .command('test')
      .description('run a policy against its own examples, or against the current inventory')
      .argument('<file>', 'policy YAML file')
      .addOption(new Option('--inventory', 'evaluate against the resources in the store instead of the examples'))
      .addOption(new Option('--account <id>', 'with --inventory: only this account'))
      .addOption(formatOption())
      .action(async (file: string, o: { inventory?: boolean; account?: string; format: Format }) => {
        const c = ctx();
        const { policy, problems } = loadPolicyFile(resolve(file), { takenIds: new Set(loadUnits().checks.map((k) => k.id)) });
        if (!policy)
          throw new ConfigError(problems.map(formatProblem).join('\n'), {
            file,
            ...(problems[0]?.line && { line: problems[0].line }),
            field: problems[0]?.field ?? '',
          });
        if (o.inventory) {
          const rows = await testOnInventory(await c.store(), policy.check, { ...(o.account && { account: o.account }) });
          c.out(
            render(
              rows,
              [
                { key: 'resourceId', get: (r) => r.resourceId, width: 80 },
                { key: 'account', get: (r) => r.account },
                { key: 'status', get: (r) => r.status },
                { key: 'detail', get: (r) => r.detail, width: 60 },
              ],
              o.format,
            ),
          );
          if (o.format === 'table')
            c.out(`${rows.filter((r) => r.status === 'fail').length} of ${rows.length} ${policy.spec.resourceType} resources fail ${policy.spec.id}\n`);
          return;
        }
        const rows = testExamples(policy.check);
        if (rows.length === 0)
          throw new ConfigError(`${file}: examples: the policy has no examples to test (add examples.pass / examples.fail, or use --inventory)`, {
            file,
            field: 'examples',
          });
        c.out(
          render(
            rows,
            [
              { key: 'example', get: (r) => r.example, width: 50 },
              { key: 'expected', get: (r) => r.expected },
              { key: 'got', get: (r) => r.got },
              { key: 'ok', get: (r) => r.ok },
              { key: 'detail', get: (r) => r.detail, width: 60 },
            ],
            o.format,
          ),
        );
        const bad = rows.filter((r) => !r.ok).length;
        if (o.format === 'table') c.out(bad ? `${bad} of ${rows.length} examples disagree\n` : `all ${rows.length} examples agree\n`);
        if (bad) process.exitCode = 1;
      });
    cmd
      .command('validate')
      .description('validate a policy file or every policy in a directory (default: checks.policies)')
      .argument('[path]', 'file or directory')
      .action(async (path: string | undefined) => {
        const c = ctx();
        const target = path ?? (c.config.checks?.policies && resolve(c.configFile, '..', c.config.checks.policies));
        if (!target) throw new ConfigError('no path given and no checks.policies in skywatch.yaml', { field: 'checks.policies' });
        const taken = new Set(loadUnits().checks.map((k) => k.id));
        const r = statSync(target).isDirectory()
          ? loadPolicyDir(target, taken)
          : (() => {
              const one = loadPolicyFile(target, { takenIds: taken });
              return { checks: one.policy ? [one.policy.check] : [], problems: one.problems };
            })();
        for (const p of r.problems) c.out(`${formatProblem(p)}\n`);
        c.out(`${r.checks.length} valid, ${r.problems.length} problem(s)\n`);
        if (r.problems.length) process.exitCode = 1;
      });
  },
});
