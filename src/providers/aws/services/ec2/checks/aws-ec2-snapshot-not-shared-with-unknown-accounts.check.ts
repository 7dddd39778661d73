import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { ec2Permissions, notSharedWithUnknown } from '../../../check-kits.js';

export default defineCheck(
  notSharedWithUnknown({
    id: 'aws-ec2-snapshot-not-shared-with-unknown-accounts',
    title: 'EBS snapshot is shared only with known accounts',
    resourceType: 'aws.ec2.snapshot',
    severity: 'high',
    risk: 'An account outside your list of known accounts can copy the EBS snapshot and everything stored in it.',
    remediation: 'Remove the unknown accounts from the EBS snapshot permissions, or add them to the check parameter knownAccounts if they are yours.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1'), pci('7.2.2')],
    key: 'createVolumePermissions',
    read: ec2Permissions('createVolumePermissions'),
    shape: (v) => ({ createVolumePermissions: v.map((x) => (x === 'all' ? { Group: 'all' } : { UserId: x })) }),
  }),
);
