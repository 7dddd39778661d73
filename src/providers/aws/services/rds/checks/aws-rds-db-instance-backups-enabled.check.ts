import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-backups-enabled',
    title: 'RDS DB instance keeps automated backups for at least 7 days',
    resourceType: 'aws.rds.db-instance',
    severity: 'medium',
    risk: 'Without automated backups (or with a one-day window) corruption, ransomware or a bad migration cannot be undone.',
    remediation: 'Set BackupRetentionPeriod to 7 days or more.',
    compliance: [nist('CP-9'), nist('CP-10'), pci('10.5.1')],
    applies: (c) => (c.DBClusterIdentifier ? 'the Aurora/Multi-AZ cluster holds this setting' : undefined),
    test: (c) => (c.BackupRetentionPeriod ?? 0) >= 7,
    problem: (c) => `backup retention is ${c.BackupRetentionPeriod ?? 0} day(s)`,
    good: { BackupRetentionPeriod: 14 },
    bad: [{ BackupRetentionPeriod: 0 }, { BackupRetentionPeriod: 1 }],
    na: { DBClusterIdentifier: 'aurora', BackupRetentionPeriod: 0 },
  }),
);
