import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-cluster',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB cluster',
  description: 'An Aurora / RDS Multi-AZ cluster.',
  scope: 'regional',
  summaryFields: ['Engine', 'StorageEncrypted'],
});
