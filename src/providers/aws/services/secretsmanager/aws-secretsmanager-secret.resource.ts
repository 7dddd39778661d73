import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.secretsmanager.secret',
  provider: 'aws',
  service: 'secretsmanager',
  title: 'Secrets Manager secret',
  description: 'A secret with its rotation state and resource policy.',
  scope: 'regional',
  summaryFields: ['RotationEnabled', 'LastRotatedDate'],
});
