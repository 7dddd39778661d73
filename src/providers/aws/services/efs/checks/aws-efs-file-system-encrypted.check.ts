import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-efs-file-system-encrypted',
    title: 'EFS file system is encrypted at rest',
    resourceType: 'aws.efs.file-system',
    severity: 'medium',
    risk: 'Files on an unencrypted EFS file system and its backups are stored in the clear.',
    remediation: 'Create an encrypted file system and migrate the data (encryption cannot be enabled in place).',
    compliance: [cis('2.3.1'), nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.Encrypted === true,
    problem: () => 'file system is not encrypted',
    good: { FileSystemId: 'fs-1', Encrypted: true },
    bad: { FileSystemId: 'fs-2', Encrypted: false },
  }),
);
