import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ec2-snapshot-encrypted',
    title: 'EBS snapshot is encrypted',
    resourceType: 'aws.ec2.snapshot',
    severity: 'medium',
    risk: 'An unencrypted snapshot can be shared or copied with its data in the clear, and volumes restored from it are unencrypted too.',
    remediation: 'Copy the snapshot with encryption enabled (aws ec2 copy-snapshot --encrypted) and delete the unencrypted original.',
    compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.Encrypted === true,
    problem: (c) => `snapshot ${c.SnapshotId ?? ''} is not encrypted`,
    good: { SnapshotId: 'snap-1', Encrypted: true },
    bad: { SnapshotId: 'snap-2', Encrypted: false },
  }),
);
