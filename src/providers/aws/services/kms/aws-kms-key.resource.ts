import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.kms.key',
  provider: 'aws',
  service: 'kms',
  title: 'KMS key',
  description: 'A KMS key with its rotation status, policy and aliases.',
  scope: 'regional',
  summaryFields: ['KeyManager', 'KeyState', 'rotationEnabled'],
});
