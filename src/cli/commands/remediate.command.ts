import { Argument, Option } from 'commander';
import { ClientFactory } from '../../engine/discover/client-factory.js';
import { accountCredentials, actingRegion } from '../../providers/aws/account-credentials.js';
import { discoveryRecollector } from '../../engine/respond/recollect.js';
import { checkVerifier, remediateAlert } from '../../engine/respond/remediate.js';
import { loadUnits } from '../../engine/units.js';
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
        const endpoint = c.config.aws?.endpoint;
        const factory = new ClientFactory({ ...(endpoint && { endpoint }), env: c.env });
        // The caller's own account acts with its credentials; member accounts through remediation.assumeRole (else aws.assumeRole).
        const rem = c.config.remediation;
        const credentialsFor = accountCredentials(factory.make, {
          ...(c.config.aws?.profile && { profile: c.config.aws.profile }),
          ...((rem?.assumeRole ?? c.config.aws?.assumeRole) && { assumeRole: rem?.assumeRole ?? c.config.aws?.assumeRole }),
          ...((rem?.externalId ?? c.config.aws?.externalId) && { externalId: rem?.externalId ?? c.config.aws?.externalId }),
        });
        // Verification re-collects each fixed resource through discovery and re-runs the checks it fixes.
        const verify = checkVerifier(discoveryRecollector({ store, factory, collectors: loadUnits().collectors, credentialsFor }));
        const runs = await remediateAlert(
          {
            store,
            verify,
            actor: o.actor ?? c.env.SKYWATCH_ACTOR ?? `cli:${c.env.USER ?? 'unknown'}`,
            ...(c.config.remediation && { policy: c.config.remediation }),
            // Mutations use plain clients, not discovery's retrying factory: a retried write could apply twice.
            context: (account, region, resourceId) => {
              const at = actingRegion(region, resourceId);
              return {
                account,
                region: at,
                client: (C) => new C({ region: at, credentials: credentialsFor(account), ...(endpoint && { endpoint }) } as never),
              };
            },
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
