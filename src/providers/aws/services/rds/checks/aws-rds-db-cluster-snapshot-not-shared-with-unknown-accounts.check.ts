import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { notSharedWithUnknown, rdsRestore } from '../../../check-kits.js';

export default defineCheck(
  notSharedWithUnknown({
    id: 'aws-rds-db-cluster-snapshot-not-shared-with-unknown-accounts',
    title: 'RDS DB cluster snapshot is shared only with known accounts',
    resourceType: 'aws.rds.db-cluster-snapshot',
    severity: 'high',
    risk: 'An account outside your known list can restore the snapshot and read the database.',
    remediation: 'Remove unknown accounts from the snapshot restore attribute, or add them to the knownAccounts parameter if they are yours.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1'), pci('7.2.2')],
    key: 'attributes',
    read: rdsRestore,
    shape: (v) => ({ attributes: [{ AttributeName: 'restore', AttributeValues: v }] }),
  }),
);
