import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-cluster-deletion-protection',
    title: 'RDS DB cluster has deletion protection',
    resourceType: 'aws.rds.db-cluster',
    severity: 'low',
    risk: 'One mistaken or malicious API call deletes the whole cluster.',
    remediation: 'Enable deletion protection on the cluster.',
    compliance: [nist('CP-9'), nist('CM-3'), pci('10.3.2')],
    test: (c) => c.DeletionProtection === true,
    problem: () => 'deletion protection is off',
    good: { DeletionProtection: true },
    bad: { DeletionProtection: false },
  }),
);
