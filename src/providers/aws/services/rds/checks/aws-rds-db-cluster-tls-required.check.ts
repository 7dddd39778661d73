import { nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { judgeTls } from '../tls.js';

const CLUSTER = 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster';
const CPG = 'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used';
// Shapes from cloud-custodian test_rdsclusterparamgroup_unused (DescribeDBClusters_1, DescribeDBClusterParameterGroups_1), parameters added.
const group = (family: string, parameters: Record<string, string | null> | undefined, errors?: Record<string, string>): ResourceRecord => ({
  id: CPG,
  type: 'aws.rds.db-cluster-parameter-group',
  provider: 'aws',
  account: '644160558196',
  region: 'us-east-1',
  name: 'custom-cluster-pg-used',
  tags: {},
  config: {
    DBClusterParameterGroupName: 'custom-cluster-pg-used',
    DBParameterGroupFamily: family,
    ...(parameters && { parameters }),
    ...(errors && { _errors: errors }),
  },
});
const uses = [{ from: CLUSTER, to: CPG, kind: 'uses-parameter-group' }];
const cluster = (Engine: string, EngineVersion: string) => ({
  id: CLUSTER,
  config: { DBClusterIdentifier: 'mycluster', DBClusterParameterGroup: 'custom-cluster-pg-used', Engine, EngineVersion },
});
const withGroup = (family: string, parameters: Record<string, string | null>) => ({ resources: [group(family, parameters)], edges: uses });

export default defineCheck({
  id: 'aws-rds-db-cluster-tls-required',
  title: 'RDS DB cluster requires TLS on every connection',
  description:
    'Graph check: follows uses-parameter-group to the DB cluster parameter group and reads require_secure_transport (Aurora MySQL, MySQL) or ' +
    'rds.force_ssl (Aurora PostgreSQL, PostgreSQL Multi-AZ clusters); an unset parameter takes the engine default (off on Aurora, ' +
    '1 on RDS for PostgreSQL 15 and later). Neptune, DocumentDB and a group outside the inventory are not applicable.',
  provider: 'aws',
  resourceType: 'aws.rds.db-cluster',
  severity: 'medium',
  scope: 'graph',
  // The cluster names its group only: discovery must fetch the values on the related cluster parameter group.
  needs: ['aws.rds.db-cluster-parameter-group:parameters'],
  risk: 'A client that does not ask for TLS (or is downgraded) sends credentials and query results in clear text across the network.',
  remediation: {
    text: 'In a custom DB cluster parameter group set require_secure_transport=ON (Aurora MySQL) or rds.force_ssl=1 (Aurora PostgreSQL), and attach it to the cluster.',
  },
  compliance: [nist('SC-8'), nist('SC-8(1)'), pci('4.2.1')],
  evaluate: (r, ctx) => judgeTls(r, ctx.graph, 'aws.rds.db-cluster-parameter-group'),
  fixtures: [
    {
      name: 'Aurora MySQL requiring TLS',
      resource: cluster('aurora-mysql', '8.0.mysql_aurora.3.04.0'),
      related: withGroup('aurora-mysql8.0', { require_secure_transport: 'ON' }),
      expect: 'pass',
    },
    {
      name: 'Aurora MySQL with require_secure_transport OFF',
      resource: cluster('aurora-mysql', '8.0.mysql_aurora.3.04.0'),
      related: withGroup('aurora-mysql8.0', { require_secure_transport: 'OFF', tls_version: 'TLSv1.2' }),
      expect: 'fail',
    },
    {
      name: 'Aurora PostgreSQL with rds.force_ssl=1',
      resource: cluster('aurora-postgresql', '15.4'),
      related: withGroup('aurora-postgresql15', { 'rds.force_ssl': '1' }),
      expect: 'pass',
    },
    {
      name: 'Aurora PostgreSQL 15 with rds.force_ssl unset (Aurora default 0)',
      resource: cluster('aurora-postgresql', '15.4'),
      related: withGroup('aurora-postgresql15', { 'rds.force_ssl': null }),
      expect: 'fail',
    },
    { name: 'PostgreSQL Multi-AZ cluster, version 16, default 1', resource: cluster('postgres', '16.1'), related: withGroup('postgres16', {}), expect: 'pass' },
    { name: 'Neptune cluster', resource: cluster('neptune', '1.2.1.0'), related: withGroup('neptune1.2', {}), expect: 'not-applicable' },
    { name: 'cluster parameter group outside the inventory', resource: cluster('aurora-mysql', '8.0.mysql_aurora.3.04.0'), expect: 'not-applicable' },
    {
      name: 'parameters unreadable',
      resource: cluster('aurora-postgresql', '15.4'),
      related: { resources: [group('aurora-postgresql15', undefined, { parameters: 'access-denied' })], edges: uses },
      expect: 'error',
    },
  ],
});
