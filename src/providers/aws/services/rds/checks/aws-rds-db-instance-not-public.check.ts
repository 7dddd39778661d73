import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-not-public',
    title: 'RDS DB instance is not publicly accessible',
    resourceType: 'aws.rds.db-instance',
    severity: 'critical',
    risk: 'A publicly accessible instance resolves to a public address; one permissive security group rule away from the internet brute-forcing the database.',
    remediation: 'Modify the instance to PubliclyAccessible=false and reach it through private networking (VPN, bastion, SSM port forwarding).',
    compliance: [cis('2.2.3'), nist('SC-7'), nist('AC-3'), nist('AC-4'), pci('1.4.4'), pci('1.3.1')],
    test: (c) => c.PubliclyAccessible !== true,
    problem: (c) => `DB instance ${c.DBInstanceIdentifier ?? ''} is publicly accessible`,
    good: { DBInstanceIdentifier: 'db', PubliclyAccessible: false },
    bad: { DBInstanceIdentifier: 'db', PubliclyAccessible: true },
  }),
);
