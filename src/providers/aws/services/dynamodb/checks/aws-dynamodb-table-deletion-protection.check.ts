import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-dynamodb-table-deletion-protection',
    title: 'DynamoDB table has deletion protection',
    resourceType: 'aws.dynamodb.table',
    severity: 'low',
    risk: 'One mistaken or malicious DeleteTable call destroys the table.',
    remediation: 'Enable deletion protection on the table.',
    compliance: [nist('CP-9'), nist('CM-3'), pci('10.3.2')],
    test: (c) => c.DeletionProtectionEnabled === true,
    problem: () => 'deletion protection is off',
    good: { DeletionProtectionEnabled: true },
    bad: { DeletionProtectionEnabled: false },
  }),
);
