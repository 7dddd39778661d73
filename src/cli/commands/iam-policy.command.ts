import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { buildIamPolicy, buildRemediationPolicy, cloudFormationRole, terraformRole } from '../../engine/discover/iam-policy.js';
import { loadUnits } from '../../engine/units.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'iam-policy',
  register(program, ctx) {
    program
      .command('iam-policy')
      .description(
        'print the least-privilege read-only IAM policy discovery needs (the union of the collectors’ permissions), or the cross-account role as CloudFormation or Terraform',
      )
      .addOption(new Option('--format <format>', 'output').choices(['policy', 'cloudformation', 'terraform', 'permissions']).default('policy'))
      .addOption(new Option('--remediation', 'the write policy remediation needs instead (the union of the remediations’ permissions)'))
      .addOption(new Option('--role-name <name>', 'role name for the templates (default SkywatchAudit, or SkywatchRemediation with --remediation)'))
      .addOption(new Option('--trusted-account <id>', 'account allowed to assume the role (where Skywatch runs)').default('111111111111'))
      .addOption(new Option('--external-id <id>', 'require this external id in the trust policy'))
      .action((o: { format: string; roleName?: string; trustedAccount: string; externalId?: string; remediation?: boolean }) => {
        const c = ctx();
        if (!/^\d{12}$/.test(o.trustedAccount))
          throw new ConfigError(`--trusted-account must be a 12-digit account id (got "${o.trustedAccount}")`, { field: 'trusted-account' });
        const units = loadUnits();
        const r = o.remediation ? buildRemediationPolicy([...units.remediations.values()]) : buildIamPolicy(units.collectors);
        if (r.size > 10_240)
          c.log.warn({ size: r.size }, 'the policy exceeds the 10 240 characters IAM allows inline on one role; split it into managed policies');
        if (r.suspicious.length) c.log.warn({ actions: r.suspicious }, 'collectors declare actions that are not read-only; review them');
        const role = {
          roleName: o.roleName ?? (o.remediation ? 'SkywatchRemediation' : 'SkywatchAudit'),
          trustedAccount: o.trustedAccount,
          purpose: o.remediation ? ('remediation' as const) : ('discovery' as const),
          ...(o.externalId && { externalId: o.externalId }),
        };
        if (o.format === 'cloudformation') c.out(cloudFormationRole(r.policy, role));
        else if (o.format === 'terraform') c.out(terraformRole(r.policy, role));
        else if (o.format === 'permissions')
          c.out(`${JSON.stringify({ actions: r.actions, byService: r.byService, notReadOnly: r.suspicious, size: r.size }, null, 2)}\n`);
        else c.out(`${JSON.stringify(r.policy, null, 2)}\n`);
      });
  },
});
