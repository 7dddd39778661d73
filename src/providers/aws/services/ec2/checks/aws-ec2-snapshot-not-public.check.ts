import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { ec2Permissions, notPublicShare } from '../../../check-kits.js';

export default defineCheck(
  notPublicShare({
    id: 'aws-ec2-snapshot-not-public',
    title: 'EBS snapshot is not public',
    resourceType: 'aws.ec2.snapshot',
    severity: 'critical',
    risk: 'Every AWS account can copy a public EBS snapshot and read the data, keys and credentials baked into it.',
    remediation:
      'Remove the "all" group from the EBS snapshot permissions (aws ec2 modify-snapshot-attribute --attribute createVolumePermission --operation-type remove).',
    compliance: [nist('AC-3'), nist('AC-21'), nist('AC-22'), pci('1.4.4'), pci('7.2.1')],
    key: 'createVolumePermissions',
    read: ec2Permissions('createVolumePermissions'),
    shape: (v) => ({ createVolumePermissions: v.map((x) => (x === 'all' ? { Group: 'all' } : { UserId: x })) }),
  }),
);
