import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-snapshot',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB snapshot',
  description: 'A manual RDS DB snapshot with its restore attributes.',
  scope: 'regional',
  summaryFields: ['Engine', 'Encrypted', 'SnapshotType'],
});
