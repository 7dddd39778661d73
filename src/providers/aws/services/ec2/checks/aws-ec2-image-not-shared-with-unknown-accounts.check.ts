import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { ec2Permissions, notSharedWithUnknown } from '../../../check-kits.js';

export default defineCheck(
  notSharedWithUnknown({
    id: 'aws-ec2-image-not-shared-with-unknown-accounts',
    title: 'AMI is shared only with known accounts',
    resourceType: 'aws.ec2.image',
    severity: 'high',
    risk: 'An account outside your list of known accounts can copy the AMI and everything stored in it.',
    remediation: 'Remove the unknown accounts from the AMI permissions, or add them to the check parameter knownAccounts if they are yours.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1'), pci('7.2.2')],
    key: 'launchPermissions',
    read: ec2Permissions('launchPermissions'),
    shape: (v) => ({ launchPermissions: v.map((x) => (x === 'all' ? { Group: 'all' } : { UserId: x })) }),
  }),
);
