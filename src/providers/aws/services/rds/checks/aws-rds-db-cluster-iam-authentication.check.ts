import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-cluster-iam-authentication',
    title: 'RDS DB cluster supports IAM database authentication',
    resourceType: 'aws.rds.db-cluster',
    severity: 'low',
    risk: 'Without IAM authentication every client holds a long-lived database password.',
    remediation: 'Enable IAM database authentication on the cluster.',
    compliance: [nist('IA-2'), nist('IA-5'), pci('8.3.1'), pci('8.6.2')],
    test: (c) => c.IAMDatabaseAuthenticationEnabled === true,
    problem: () => 'IAM database authentication is disabled',
    good: { IAMDatabaseAuthenticationEnabled: true },
    bad: { IAMDatabaseAuthenticationEnabled: false },
  }),
);
