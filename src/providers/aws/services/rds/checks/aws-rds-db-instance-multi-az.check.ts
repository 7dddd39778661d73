import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-multi-az',
    title: 'RDS DB instance is deployed across multiple Availability Zones',
    resourceType: 'aws.rds.db-instance',
    severity: 'low',
    risk: 'A single-AZ database goes down with its Availability Zone and fails over only by restore.',
    remediation: 'Modify the instance to Multi-AZ (or use an Aurora cluster with replicas in several AZs).',
    compliance: [cis('2.2.4'), nist('CP-10'), nist('CP-7'), pci('12.10.1')],
    applies: (c) => (c.DBClusterIdentifier ? 'the Aurora/Multi-AZ cluster holds this setting' : undefined),
    test: (c) => c.MultiAZ === true,
    problem: () => 'DB instance runs in a single Availability Zone',
    good: { MultiAZ: true },
    bad: { MultiAZ: false },
    na: { DBClusterIdentifier: 'aurora', MultiAZ: false },
  }),
);
