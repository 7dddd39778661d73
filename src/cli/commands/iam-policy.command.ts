import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { buildIamPolicy, cloudFormationRole, terraformRole } from '../../engine/discover/iam-policy.js';
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
      .addOption(new Option('--role-name <name>', 'role name for the templates').default('SkywatchAudit'))
      .addOption(new Option('--trusted-account <id>', 'account allowed to assume the role (where Skywatch runs)').default('111111111111'))
      .addOption(new Option('--external-id <id>', 'require this external id in the trust policy'))
      .action((o: { format: string; roleName: string; trustedAccount: string; externalId?: string }) => {
        const c = ctx();
        if (!/^\d{12}$/.test(o.trustedAccount))
          throw new ConfigError(`--trusted-account must be a 12-digit account id (got "${o.trustedAccount}")`, { field: 'trusted-account' });
        const r = buildIamPolicy(loadUnits().collectors);
        if (r.suspicious.length) c.log.warn({ actions: r.suspicious }, 'collectors declare actions that are not read-only; review them');
        const role = { roleName: o.roleName, trustedAccount: o.trustedAccount, ...(o.externalId && { externalId: o.externalId }) };
        if (o.format === 'cloudformation') c.out(cloudFormationRole(r.policy, role));
        else if (o.format === 'terraform') c.out(terraformRole(r.policy, role));
        else if (o.format === 'permissions') c.out(`${JSON.stringify({ actions: r.actions, byService: r.byService, notReadOnly: r.suspicious }, null, 2)}\n`);
        else c.out(`${JSON.stringify(r.policy, null, 2)}\n`);
      });
  },
});
