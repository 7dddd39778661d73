import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-kms-key-not-pending-deletion',
    title: 'Customer managed KMS key is not scheduled for deletion',
    resourceType: 'aws.kms.key',
    severity: 'medium',
    risk: 'When the key is deleted, everything it encrypts (volumes, backups, secrets) becomes unrecoverable; scheduling deletion is also a destructive attacker move.',
    remediation: 'Cancel the deletion (aws kms cancel-key-deletion) unless the key is provably unused.',
    compliance: [nist('SC-12'), nist('CP-9'), pci('3.6.1')],
    applies: (c) => (c.KeyManager === 'CUSTOMER' ? undefined : 'AWS managed key'),
    test: (c) => c.KeyState !== 'PendingDeletion',
    problem: (c) => `key is scheduled for deletion on ${c.DeletionDate ?? 'an unknown date'}`,
    good: { KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
    bad: { KeyManager: 'CUSTOMER', KeyState: 'PendingDeletion', DeletionDate: '2026-12-01T00:00:00Z' },
    na: { KeyManager: 'AWS', KeyState: 'Enabled' },
  }),
);
