import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-instance',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB instance',
  description: 'An RDS database instance.',
  scope: 'regional',
  summaryFields: ['Engine', 'PubliclyAccessible', 'StorageEncrypted'],
});
