import { describe, expect, it } from 'vitest';
import { memoryGraph, type ResourceRecord } from '../../../../core/resource.js';
import { wants } from '../../../../engine/discover/collect.js';
import { wantedHydrations } from '../../../../engine/detect/config/evaluate.js';
import clusterTls from './checks/aws-rds-db-cluster-tls-required.check.js';
import instanceTls from './checks/aws-rds-db-instance-tls-required.check.js';
import { judgeTls, majorVersion, tlsRule } from './tls.js';

describe('RDS TLS rules', () => {
  it('reads the major version from parameter group families and engine versions', () => {
    expect(
      [
        'postgres15',
        'aurora-postgresql9.6',
        'postgres9.6',
        '15.4',
        '9.6.22',
        '8.0.mysql_aurora.3.04.0',
        'sqlserver-se-15.0',
        'mysql5.7',
        'postgres',
        '',
        undefined,
      ].map(majorVersion),
    ).toEqual([15, 9, 9, 15, 9, 8, 15, 5, undefined, undefined, undefined]);
  });

  it('knows which parameter forces TLS per engine, and the default of RDS for PostgreSQL by version', () => {
    expect(
      ['mysql', 'mariadb', 'aurora-mysql', 'aurora', 'postgres', 'aurora-postgresql', 'sqlserver-ex', 'oracle-ee', 'docdb', 'neptune'].map(
        (e) => tlsRule(e)?.parameter,
      ),
    ).toEqual([
      'require_secure_transport',
      'require_secure_transport',
      'require_secure_transport',
      'require_secure_transport',
      'rds.force_ssl',
      'rds.force_ssl',
      'rds.force_ssl',
      undefined,
      undefined,
      undefined,
    ]);
    const pg = tlsRule('postgres');
    expect([pg?.byDefault(14), pg?.byDefault(15), pg?.byDefault(17), pg?.byDefault(undefined)]).toEqual([false, true, true, undefined]);
    expect(tlsRule('aurora-postgresql')?.byDefault(16)).toBe(false);
    expect(['ON', 'on', '1', ' 1', 'OFF', '0', ''].map((v) => tlsRule('mysql')?.forced(v))).toEqual([true, true, true, true, false, false, false]);
    expect(['1', '0', 'on'].map((v) => tlsRule('postgres')?.forced(v))).toEqual([true, false, false]);
  });

  const rec = (id: string, type: string, config: Record<string, unknown>): ResourceRecord => ({
    id,
    type,
    provider: 'aws',
    account: '1',
    region: 'us-east-1',
    name: id,
    tags: {},
    config,
  });

  it('cannot judge an unset rds.force_ssl on PostgreSQL when no version is known', () => {
    const db = rec('db', 'aws.rds.db-instance', { Engine: 'postgres' });
    const pg = rec('pg', 'aws.rds.db-parameter-group', { parameters: {} });
    const out = judgeTls(db, memoryGraph([db, pg], [{ from: 'db', to: 'pg', kind: 'uses-parameter-group' }]), 'aws.rds.db-parameter-group');
    expect(out).toMatchObject({ status: 'error', reason: 'missing-data' });
  });

  it('fails when any of several groups leaves TLS optional, naming that group; ignores groups of another type', () => {
    const db = rec('db', 'aws.rds.db-instance', { Engine: 'mysql', EngineVersion: '8.0.35' });
    const good = rec('good', 'aws.rds.db-parameter-group', { parameters: { require_secure_transport: '1' } });
    const bad = rec('bad', 'aws.rds.db-parameter-group', { parameters: { require_secure_transport: 'OFF' } });
    const other = rec('other', 'aws.rds.db-cluster-parameter-group', { parameters: { require_secure_transport: 'OFF' } });
    const edges = ['good', 'bad', 'other'].map((to) => ({ from: 'db', to, kind: 'uses-parameter-group' }));
    const out = judgeTls(db, memoryGraph([db, good, bad, other], edges), 'aws.rds.db-parameter-group');
    expect(out).toMatchObject({ status: 'fail', evidence: { groups: [{ parameterGroup: 'bad', value: 'OFF', engineDefault: false }] } });
    const onlyGood = judgeTls(db, memoryGraph([db, good, other], edges), 'aws.rds.db-parameter-group');
    expect(onlyGood.status).toBe('pass');
  });

  it('makes discovery fetch the parameters of both kinds of group, and of nothing else', () => {
    const wanted = wantedHydrations([instanceTls, clusterTls]);
    expect(wants(wanted, 'aws.rds.db-parameter-group', 'parameters')).toBe(true);
    expect(wants(wanted, 'aws.rds.db-cluster-parameter-group', 'parameters')).toBe(true);
    expect(wants(wanted, 'aws.ssm.parameter', 'parameters')).toBe(false);
    expect(wants(wanted, 'aws.rds.db-instance', 'parameters')).toBe(false);
  });
});
