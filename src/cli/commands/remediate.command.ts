import { awsRemediation } from '../../engine/respond/aws-remediation.js';
import { Argument, Option } from 'commander';
import { remediateAlert } from '../../engine/respond/remediate.js';
import { defineCommand } from '../command.js';
import { formatOption } from '../options.js';
import { type Format, render } from '../output.js';

export default defineCommand({
  name: 'remediate',
  register(program, ctx) {
    program
      .command('remediate')
      .description("fix an alert's resources: dry-run plan by default; --apply runs it where policy allows or with --approve; --rollback undoes")
      .addArgument(new Argument('<alert-id>'))
      .addOption(new Option('--apply', 'apply the plan (needs a remediation.auto policy or --approve)'))
      .addOption(new Option('--approve', 'approve applying now (recorded as yours)'))
      .addOption(new Option('--rollback', 'undo the remediations applied for this alert'))
      .addOption(new Option('--only <remediation-id>', 'only this remediation (e.g. aws-ec2-instance-quarantine)'))
      .addOption(new Option('--actor <name>', 'who is acting (audited)'))
      .addOption(formatOption())
      .action(async (id: string, o: { apply?: boolean; approve?: boolean; rollback?: boolean; only?: string; actor?: string; format: Format }) => {
        const c = ctx();
        const store = await c.store();
        // The same credentials, regions and verification as the API's remediation routes.
        const aws = awsRemediation(store, c.config, c.env);
        const runs = await remediateAlert(
          {
            store,
            verify: aws.verify,
            actor: o.actor ?? c.env.SKYWATCH_ACTOR ?? `cli:${c.env.USER ?? 'unknown'}`,
            ...(c.config.remediation && { policy: c.config.remediation }),
            context: aws.context,
          },
          id,
          { ...(o.apply && { apply: true }), ...(o.approve && { approve: true }), ...(o.rollback && { rollback: true }), ...(o.only && { only: o.only }) },
        );
        if (o.format === 'table') {
          if (!runs.length) c.out('nothing to remediate: no remediation fixes these findings, or the resources are already in the good state\n');
          for (const r of runs)
            c.out(
              `${r.remediationId} on ${r.resourceId}: ${r.status}${r.mode === 'dry-run' ? ' (dry run: add --apply)' : ''}\n${((r.result.diff as string[] | undefined) ?? []).map((l) => `  ${l}`).join('\n')}\n${r.result.reason ? `  ${r.result.reason}\n` : ''}${r.result.verify ? `  verify: ${r.result.verify}\n` : ''}${r.error ? `  error: ${r.error}\n` : ''}`,
            );
          return;
        }
        c.out(
          render(
            runs,
            [
              { key: 'id', get: (r) => r.id },
              { key: 'remediationId', get: (r) => r.remediationId },
              { key: 'resourceId', get: (r) => r.resourceId },
              { key: 'mode', get: (r) => r.mode },
              { key: 'status', get: (r) => r.status },
              { key: 'approvedBy', get: (r) => r.approvedBy },
              { key: 'plan', get: (r) => r.plan },
              { key: 'result', get: (r) => r.result },
              { key: 'error', get: (r) => r.error },
            ],
            o.format,
          ),
        );
        if (runs.some((r) => r.status === 'failed')) process.exitCode = 1;
      });
  },
});
