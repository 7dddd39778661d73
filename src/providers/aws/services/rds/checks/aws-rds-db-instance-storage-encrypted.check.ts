import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-storage-encrypted',
    title: 'RDS DB instance storage is encrypted',
    resourceType: 'aws.rds.db-instance',
    severity: 'high',
    risk: 'Database files, automated backups, replicas and snapshots of an unencrypted instance are all stored in the clear.',
    remediation: 'Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with encryption, restore from it and switch over.',
    compliance: [cis('2.2.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    applies: (c) => (c.DBClusterIdentifier ? 'the Aurora/Multi-AZ cluster holds this setting' : undefined),
    test: (c) => c.StorageEncrypted === true,
    problem: () => 'DB instance storage is not encrypted',
    good: { DBInstanceIdentifier: 'db', StorageEncrypted: true },
    bad: { DBInstanceIdentifier: 'db', StorageEncrypted: false },
    na: { DBInstanceIdentifier: 'db-1', DBClusterIdentifier: 'aurora', StorageEncrypted: false },
  }),
);
