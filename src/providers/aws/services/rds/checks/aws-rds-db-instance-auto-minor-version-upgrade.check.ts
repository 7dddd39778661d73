import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-auto-minor-version-upgrade',
    title: 'RDS DB instance applies minor version upgrades automatically',
    resourceType: 'aws.rds.db-instance',
    severity: 'low',
    risk: 'Minor engine versions carry security fixes; without automatic upgrades known vulnerabilities stay open until someone remembers.',
    remediation: 'Enable Auto Minor Version Upgrade (aws rds modify-db-instance --auto-minor-version-upgrade).',
    compliance: [cis('2.2.2'), nist('SI-2'), pci('6.3.3')],
    test: (c) => c.AutoMinorVersionUpgrade === true,
    problem: () => 'automatic minor version upgrades are off',
    good: { AutoMinorVersionUpgrade: true },
    bad: { AutoMinorVersionUpgrade: false },
  }),
);
