import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-snapshot-encrypted',
  title: 'EBS snapshot is encrypted',
  provider: 'aws',
  resourceType: 'aws.ec2.snapshot',
  severity: 'medium',
  risk: 'An unencrypted snapshot can be shared or copied with its data in the clear, and volumes restored from it are unencrypted too.',
  remediation: { text: 'Copy the snapshot with encryption enabled (aws ec2 copy-snapshot --encrypted) and delete the unencrypted original.' },
  compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
  evaluate: (r) => (r.config.Encrypted ? pass() : fail('snapshot is not encrypted', { snapshotId: r.config.SnapshotId })),
  fixtures: [fx('encrypted', { SnapshotId: 'snap-1', Encrypted: true }, 'pass'), fx('unencrypted', { SnapshotId: 'snap-2', Encrypted: false }, 'fail')],
});
