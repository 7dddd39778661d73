import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-kms-key-rotation-enabled',
    title: 'Customer managed symmetric KMS key rotates automatically',
    resourceType: 'aws.kms.key',
    severity: 'medium',
    risk: 'A key that never rotates protects ever more data with the same material, widening what one compromised key exposes.',
    remediation: 'Enable automatic rotation (aws kms enable-key-rotation), yearly or shorter.',
    compliance: [cis('3.6'), nist('SC-12'), pci('3.6.1'), pci('3.7.4')],
    needs: ['rotationEnabled'],
    applies: (c) =>
      c.KeyManager !== 'CUSTOMER'
        ? 'AWS managed key'
        : c.KeySpec && c.KeySpec !== 'SYMMETRIC_DEFAULT'
          ? 'asymmetric or HMAC key (rotation unsupported)'
          : c.KeyState !== 'Enabled'
            ? `key is ${c.KeyState}`
            : c.Origin && c.Origin !== 'AWS_KMS'
              ? 'imported or external key material'
              : undefined,
    test: (c) => c.rotationEnabled === true,
    problem: () => 'automatic key rotation is disabled',
    good: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', Origin: 'AWS_KMS', rotationEnabled: true },
    bad: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', Origin: 'AWS_KMS', rotationEnabled: false },
    na: { KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', rotationEnabled: true },
  }),
);
