import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-cluster-snapshot',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB cluster snapshot',
  description: 'A manual RDS DB cluster snapshot with its restore attributes.',
  scope: 'regional',
  summaryFields: ['Engine', 'StorageEncrypted'],
});
