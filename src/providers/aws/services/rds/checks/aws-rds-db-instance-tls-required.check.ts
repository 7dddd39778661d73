import { nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheck, notApplicable } from '../../../../../core/units/check.js';
import type { Cfg } from '../../../checks-common.js';
import { judgeTls } from '../tls.js';

const DB = 'arn:aws:rds:us-east-1:123456789012:db:orders';
const PG = 'arn:aws:rds:us-east-1:123456789012:pg:orders-params';
const group = (family: string, parameters: Record<string, string | null> | undefined, errors?: Record<string, string>): ResourceRecord => ({
  id: PG,
  type: 'aws.rds.db-parameter-group',
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: 'orders-params',
  tags: {},
  config: { DBParameterGroupName: 'orders-params', DBParameterGroupFamily: family, ...(parameters && { parameters }), ...(errors && { _errors: errors }) },
});
const uses = [{ from: DB, to: PG, kind: 'uses-parameter-group' }];
const db = (Engine: string, EngineVersion: string, extra: Cfg = {}) => ({
  id: DB,
  config: { DBInstanceIdentifier: 'orders', Engine, EngineVersion, ...extra },
});
const withGroup = (family: string, parameters: Record<string, string | null>) => ({ resources: [group(family, parameters)], edges: uses });

export default defineCheck<Cfg>({
  id: 'aws-rds-db-instance-tls-required',
  title: 'RDS DB instance requires TLS on every connection',
  description:
    'Graph check: follows uses-parameter-group to the DB parameter group and reads require_secure_transport (MySQL, MariaDB) or rds.force_ssl ' +
    '(PostgreSQL, SQL Server); an unset parameter takes the engine default (1 on RDS for PostgreSQL 15 and later, off elsewhere). ' +
    'Instances of a cluster are judged on the cluster (aws-rds-db-cluster-tls-required); Oracle, Db2 and other engines, and a group outside the inventory, are not applicable.',
  provider: 'aws',
  resourceType: 'aws.rds.db-instance',
  severity: 'medium',
  scope: 'graph',
  // The instance carries no parameter values itself: discovery must fetch them on the related group.
  needs: ['aws.rds.db-parameter-group:parameters'],
  risk: 'A client that does not ask for TLS (or is downgraded) sends credentials and query results in clear text across the network.',
  remediation: {
    text: 'In a custom DB parameter group set require_secure_transport=1 (MySQL, MariaDB) or rds.force_ssl=1 (PostgreSQL, SQL Server), and attach it to the instance.',
  },
  compliance: [nist('SC-8'), nist('SC-8(1)'), pci('4.2.1')],
  evaluate(r, ctx) {
    // Aurora and Multi-AZ DB cluster members take these parameters from the cluster parameter group.
    if (r.config.DBClusterIdentifier) return notApplicable('instance of a DB cluster: TLS is forced by the cluster parameter group');
    return judgeTls(r, ctx.graph, 'aws.rds.db-parameter-group');
  },
  fixtures: [
    { name: 'MySQL requiring TLS', resource: db('mysql', '8.0.35'), related: withGroup('mysql8.0', { require_secure_transport: 'ON' }), expect: 'pass' },
    {
      name: 'MariaDB requiring TLS (1)',
      resource: db('mariadb', '10.11.6'),
      related: withGroup('mariadb10.11', { require_secure_transport: '1' }),
      expect: 'pass',
    },
    {
      name: 'MySQL with require_secure_transport=0',
      resource: db('mysql', '5.7.44'),
      related: withGroup('mysql5.7', { require_secure_transport: '0' }),
      expect: 'fail',
    },
    {
      name: 'MySQL with the parameter unset',
      resource: db('mysql', '8.0.35'),
      related: withGroup('mysql8.0', { require_secure_transport: null }),
      expect: 'fail',
    },
    { name: 'PostgreSQL 15 with rds.force_ssl unset (default 1)', resource: db('postgres', '15.4'), related: withGroup('postgres15', {}), expect: 'pass' },
    {
      name: 'PostgreSQL 16 with rds.force_ssl=0',
      resource: db('postgres', '16.1'),
      related: withGroup('postgres16', { 'rds.force_ssl': '0' }),
      expect: 'fail',
    },
    {
      name: 'PostgreSQL 14 with rds.force_ssl unset (default 0)',
      resource: db('postgres', '14.9'),
      related: withGroup('postgres14', { 'rds.force_ssl': null }),
      expect: 'fail',
    },
    {
      name: 'PostgreSQL 13 with rds.force_ssl=1',
      resource: db('postgres', '13.12'),
      related: withGroup('postgres13', { 'rds.force_ssl': '1' }),
      expect: 'pass',
    },
    {
      name: 'SQL Server with rds.force_ssl unset',
      resource: db('sqlserver-se', '15.00.4345.5.v1'),
      related: withGroup('sqlserver-se-15.0', {}),
      expect: 'fail',
    },
    { name: 'Oracle: TLS is an option group setting', resource: db('oracle-ee', '19.0.0.0'), related: withGroup('oracle-ee-19', {}), expect: 'not-applicable' },
    { name: 'parameter group outside the inventory', resource: db('mysql', '8.0.35'), expect: 'not-applicable' },
    {
      name: 'Aurora member: judged on its cluster',
      resource: db('aurora-mysql', '8.0.mysql_aurora.3.04.0', { DBClusterIdentifier: 'orders-cluster' }),
      related: withGroup('aurora-mysql8.0', {}),
      expect: 'not-applicable',
    },
    {
      name: 'parameters unreadable',
      resource: db('postgres', '15.4'),
      related: { resources: [group('postgres15', undefined, { parameters: 'access-denied' })], edges: uses },
      expect: 'error',
    },
  ],
});
