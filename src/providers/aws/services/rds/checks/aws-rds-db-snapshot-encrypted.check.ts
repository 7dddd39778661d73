import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-snapshot-encrypted',
    title: 'RDS DB snapshot is encrypted',
    resourceType: 'aws.rds.db-snapshot',
    severity: 'medium',
    risk: 'An unencrypted snapshot can be copied or shared with its data readable.',
    remediation: 'Copy the snapshot with a KMS key and delete the unencrypted one.',
    compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.Encrypted === true,
    problem: () => 'snapshot is not encrypted',
    good: { Encrypted: true },
    bad: { Encrypted: false },
  }),
);
