import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-deletion-protection',
    title: 'RDS DB instance has deletion protection',
    resourceType: 'aws.rds.db-instance',
    severity: 'low',
    risk: 'One mistaken or malicious API call deletes the database.',
    remediation: 'Enable deletion protection (aws rds modify-db-instance --deletion-protection).',
    compliance: [nist('CP-9'), nist('CM-3'), pci('10.3.2')],
    applies: (c) => (c.DBClusterIdentifier ? 'the Aurora/Multi-AZ cluster holds this setting' : undefined),
    test: (c) => c.DeletionProtection === true,
    problem: () => 'deletion protection is off',
    good: { DeletionProtection: true },
    bad: { DeletionProtection: false },
    na: { DBClusterIdentifier: 'aurora', DeletionProtection: false },
  }),
);
