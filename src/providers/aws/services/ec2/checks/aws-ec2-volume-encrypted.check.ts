import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ec2-volume-encrypted',
    title: 'EBS volume is encrypted at rest',
    resourceType: 'aws.ec2.volume',
    severity: 'medium',
    risk: 'Data on an unencrypted volume, and every snapshot taken of it, is readable by anyone who gets hold of a copy.',
    remediation: 'Snapshot the volume, copy the snapshot with encryption enabled, create a volume from it and swap it in; enable EBS encryption by default.',
    compliance: [cis('5.1.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.Encrypted === true,
    problem: (c) => `volume ${c.VolumeId ?? ''} is not encrypted`,
    good: { VolumeId: 'vol-1', Encrypted: true, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    bad: { VolumeId: 'vol-2', Encrypted: false },
  }),
);
