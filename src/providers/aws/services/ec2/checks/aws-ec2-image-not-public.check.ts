import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { ec2Permissions, notPublicShare } from '../../../check-kits.js';

export default defineCheck(
  notPublicShare({
    id: 'aws-ec2-image-not-public',
    title: 'AMI is not public',
    resourceType: 'aws.ec2.image',
    severity: 'critical',
    risk: 'Every AWS account can copy a public AMI and read the data, keys and credentials baked into it.',
    remediation: 'Remove the "all" group from the AMI permissions (aws ec2 modify-image-attribute --launch-permission "Remove=[{Group=all}]").',
    compliance: [nist('AC-3'), nist('AC-21'), nist('AC-22'), pci('1.4.4'), pci('7.2.1')],
    key: 'launchPermissions',
    read: ec2Permissions('launchPermissions'),
    shape: (v) => ({ launchPermissions: v.map((x) => (x === 'all' ? { Group: 'all' } : { UserId: x })) }),
  }),
);
