import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-iam-authentication',
    title: 'RDS DB instance supports IAM database authentication',
    resourceType: 'aws.rds.db-instance',
    severity: 'low',
    risk: 'Without IAM authentication every client holds a long-lived database password.',
    remediation: 'Enable IAM database authentication and move applications to short-lived IAM tokens.',
    compliance: [nist('IA-2'), nist('IA-5'), pci('8.3.1'), pci('8.6.2')],
    applies: (c) =>
      /^(oracle|sqlserver|db2)/.test(String(c.Engine))
        ? 'engine does not support IAM authentication'
        : c.DBClusterIdentifier
          ? 'the cluster holds this setting'
          : undefined,
    test: (c) => c.IAMDatabaseAuthenticationEnabled === true,
    problem: () => 'IAM database authentication is disabled',
    good: { Engine: 'postgres', IAMDatabaseAuthenticationEnabled: true },
    bad: { Engine: 'mysql', IAMDatabaseAuthenticationEnabled: false },
    na: { Engine: 'oracle-ee' },
  }),
);
