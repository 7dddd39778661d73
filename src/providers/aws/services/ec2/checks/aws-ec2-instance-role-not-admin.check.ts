import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { roleNotAdmin } from '../../../check-kits.js';

export default defineCheck(
  roleNotAdmin({
    id: 'aws-ec2-instance-role-not-admin',
    title: 'EC2 instance does not run with an administrator role',
    resourceType: 'aws.ec2.instance',
    severity: 'high',
    risk: 'Anyone who gets code execution on the instance, or reaches its metadata service, holds full control of the account.',
    remediation: 'Give the instance profile a role with only the permissions the workload needs.',
    compliance: [nist('AC-6'), nist('AC-6(10)'), pci('7.2.2'), pci('7.2.5')],
    running: (c) => (c.State?.Name === 'terminated' ? 'instance is terminated' : undefined),
    sample: { State: { Name: 'running' } },
  }),
);
