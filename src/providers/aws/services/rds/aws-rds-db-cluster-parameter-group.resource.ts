import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.rds.db-cluster-parameter-group',
  provider: 'aws',
  service: 'rds',
  title: 'RDS DB cluster parameter group',
  description:
    'An RDS DB cluster (Aurora / Multi-AZ cluster) parameter group with the values of its security-relevant parameters (TLS enforcement, connection and statement logging, audit plugins).',
  scope: 'regional',
  summaryFields: ['DBParameterGroupFamily'],
});
