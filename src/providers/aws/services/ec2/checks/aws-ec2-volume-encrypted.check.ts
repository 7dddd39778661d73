import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-volume-encrypted',
  title: 'EBS volume is encrypted at rest',
  provider: 'aws',
  resourceType: 'aws.ec2.volume',
  severity: 'medium',
  risk: 'Data on an unencrypted volume, and every snapshot taken of it, is readable by anyone who gets hold of a copy.',
  remediation: {
    text: 'Snapshot the volume, copy the snapshot with encryption enabled, create a volume from it and swap it in; enable EBS encryption by default.',
  },
  compliance: [cis('5.1.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
  evaluate: (r) => (r.config.Encrypted ? pass({ kmsKeyId: r.config.KmsKeyId }) : fail('volume is not encrypted', { volumeId: r.config.VolumeId })),
  fixtures: [
    fx('encrypted', { VolumeId: 'vol-1', Encrypted: true, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }, 'pass'),
    fx('unencrypted', { VolumeId: 'vol-2', Encrypted: false }, 'fail'),
  ],
});
