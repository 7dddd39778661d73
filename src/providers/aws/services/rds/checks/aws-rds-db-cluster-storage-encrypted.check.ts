import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-cluster-storage-encrypted',
    title: 'RDS DB cluster storage is encrypted',
    resourceType: 'aws.rds.db-cluster',
    severity: 'high',
    risk: 'The cluster volume, its backups and snapshots are stored in the clear.',
    remediation: 'Snapshot the cluster, restore it from an encrypted copy and switch over.',
    compliance: [cis('2.2.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.StorageEncrypted === true,
    problem: () => 'DB cluster storage is not encrypted',
    good: { StorageEncrypted: true },
    bad: { StorageEncrypted: false },
  }),
);
