import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { notPublicShare, rdsRestore } from '../../../check-kits.js';

export default defineCheck(
  notPublicShare({
    id: 'aws-rds-db-cluster-snapshot-not-public',
    title: 'RDS DB cluster snapshot is not public',
    resourceType: 'aws.rds.db-cluster-snapshot',
    severity: 'critical',
    risk: 'Any AWS account can restore a public snapshot and read the whole database.',
    remediation:
      'Remove "all" from the snapshot restore attribute (aws rds modify-db-cluster-snapshot-attribute --attribute-name restore --values-to-remove all).',
    compliance: [nist('AC-3'), nist('AC-21'), nist('AC-22'), pci('1.4.4'), pci('7.2.1')],
    key: 'attributes',
    read: rdsRestore,
    shape: (v) => ({ attributes: [{ AttributeName: 'restore', AttributeValues: v }] }),
  }),
);
