import { type DBInstance, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, ec2Arn, edges, itemsOf, kmsKeyArn } from '../common.js';
import { idFilter, RDS_TAG_TRIGGERS, rds, rdsRecord } from './rds.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeDBInstances({ client: rds(ctx) }, ids ? { Filters: idFilter('db-instance-id', ids) } : {}), (p) => p.DBInstances);

export default defineCollector<DBInstance>({
  id: 'aws-rds-db-instance',
  resourceType: 'aws.rds.db-instance',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB instances',
  permissions: ['rds:DescribeDBInstances'],
  triggers: [
    'CreateDBInstance',
    'CreateDBInstanceReadReplica',
    'DeleteDBInstance',
    'ModifyDBInstance',
    'RestoreDBInstanceFromDBSnapshot',
    'RestoreDBInstanceToPointInTime',
    'StartDBInstance',
    'StopDBInstance',
    ...RDS_TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = rdsRecord(ctx, 'aws.rds.db-instance', raw.DBInstanceArn, raw.DBInstanceIdentifier, raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'uses-security-group',
          (raw.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId && ec2Arn(ctx, 'security-group', g.VpcSecurityGroupId)),
        ),
        ...edges(
          resource.id,
          'in-subnet',
          (raw.DBSubnetGroup?.Subnets ?? []).map((s) => s.SubnetIdentifier && ec2Arn(ctx, 'subnet', s.SubnetIdentifier)),
        ),
        ...edges(resource.id, 'in-vpc', [raw.DBSubnetGroup?.VpcId && ec2Arn(ctx, 'vpc', raw.DBSubnetGroup.VpcId)]),
        // The groups are collected as their own resources (aws-rds-db-subnet-group, -parameter-group);
        // these edges let a check or the exposure path go from the instance to their settings.
        ...edges(resource.id, 'in-subnet-group', [raw.DBSubnetGroup?.DBSubnetGroupName && arn(ctx, 'rds', `subgrp:${raw.DBSubnetGroup.DBSubnetGroupName}`)]),
        ...edges(
          resource.id,
          'uses-parameter-group',
          (raw.DBParameterGroups ?? []).map((g) => g.DBParameterGroupName && arn(ctx, 'rds', `pg:${g.DBParameterGroupName}`)),
        ),
        ...edges(resource.id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]),
        ...edges(resource.id, 'member-of', [raw.DBClusterIdentifier && arn(ctx, 'rds', `cluster:${raw.DBClusterIdentifier}`)]),
      ],
    };
  },
  fixtures: [
    {
      name: 'public unencrypted PostgreSQL in two subnets',
      raw: {
        DBInstanceIdentifier: 'payments-db',
        DBInstanceArn: 'arn:aws:rds:us-east-1:222222222222:db:payments-db',
        Engine: 'postgres',
        EngineVersion: '15.4',
        PubliclyAccessible: true,
        StorageEncrypted: false,
        Endpoint: { Address: 'payments-db.abc.us-east-1.rds.amazonaws.com', Port: 5432 },
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0db', Status: 'active' }],
        DBSubnetGroup: {
          DBSubnetGroupName: 'default',
          VpcId: 'vpc-1',
          Subnets: [{ SubnetIdentifier: 'subnet-a' }, { SubnetIdentifier: 'subnet-b' }],
        },
        DBParameterGroups: [{ DBParameterGroupName: 'pg-insecure', ParameterApplyStatus: 'in-sync' }],
        TagList: [{ Key: 'Name', Value: 'payments' }],
      },
      context: { account: '222222222222' },
      expect: { id: 'arn:aws:rds:us-east-1:222222222222:db:payments-db', name: 'payments', config: { PubliclyAccessible: true, StorageEncrypted: false } },
      expectEdges: [
        {
          from: 'arn:aws:rds:us-east-1:222222222222:db:payments-db',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-0db',
        },
        { from: 'arn:aws:rds:us-east-1:222222222222:db:payments-db', kind: 'in-subnet', to: 'arn:aws:ec2:us-east-1:222222222222:subnet/subnet-b' },
        { from: 'arn:aws:rds:us-east-1:222222222222:db:payments-db', kind: 'in-subnet-group', to: 'arn:aws:rds:us-east-1:222222222222:subgrp:default' },
        { from: 'arn:aws:rds:us-east-1:222222222222:db:payments-db', kind: 'uses-parameter-group', to: 'arn:aws:rds:us-east-1:222222222222:pg:pg-insecure' },
      ],
    },
    {
      // From cloud-custodian test_rds_modify_db_enable_perfinsights (DescribeDBInstances_2).
      name: 'minimal instance record',
      raw: {
        DBInstanceIdentifier: 'database-4',
        Engine: 'postgres',
        DBInstanceArn: 'arn:aws:rds:us-east-1:644160558196:db:database-4',
        PerformanceInsightsEnabled: true,
      },
      expect: { name: 'database-4', tags: {}, config: { PerformanceInsightsEnabled: true } },
    },
  ],
});
