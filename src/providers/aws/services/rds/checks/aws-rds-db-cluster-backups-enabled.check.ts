import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-cluster-backups-enabled',
    title: 'RDS DB cluster keeps automated backups for at least 7 days',
    resourceType: 'aws.rds.db-cluster',
    severity: 'medium',
    risk: 'A short backup window limits how far back a corrupted or encrypted-by-ransomware database can be restored.',
    remediation: 'Set the cluster BackupRetentionPeriod to 7 days or more.',
    compliance: [nist('CP-9'), nist('CP-10'), pci('10.5.1')],
    test: (c) => (c.BackupRetentionPeriod ?? 0) >= 7,
    problem: (c) => `backup retention is ${c.BackupRetentionPeriod ?? 0} day(s)`,
    good: { BackupRetentionPeriod: 7 },
    bad: { BackupRetentionPeriod: 1 },
  }),
);
