import { type DBCluster, paginateDescribeDBClusters } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, ec2Arn, edges, itemsOf, kmsKeyArn } from '../common.js';
import { clusterParameterGroupArn, idFilter, RDS_TAG_TRIGGERS, rds, rdsRecord } from './rds.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeDBClusters({ client: rds(ctx) }, ids ? { Filters: idFilter('db-cluster-id', ids) } : {}), (p) => p.DBClusters);

export default defineCollector<DBCluster>({
  id: 'aws-rds-db-cluster',
  resourceType: 'aws.rds.db-cluster',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB clusters',
  permissions: ['rds:DescribeDBClusters'],
  triggers: ['CreateDBCluster', 'DeleteDBCluster', 'ModifyDBCluster', 'RestoreDBClusterFromSnapshot', 'RestoreDBClusterToPointInTime', ...RDS_TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = rdsRecord(ctx, 'aws.rds.db-cluster', raw.DBClusterArn, raw.DBClusterIdentifier, raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'uses-security-group',
          (raw.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId && ec2Arn(ctx, 'security-group', g.VpcSecurityGroupId)),
        ),
        // As for instances: the groups are their own resources (aws-rds-db-subnet-group, -cluster-parameter-group),
        // and a check reaches their settings through these edges. A cluster names both groups by name only.
        ...edges(resource.id, 'in-subnet-group', [raw.DBSubnetGroup && arn(ctx, 'rds', `subgrp:${raw.DBSubnetGroup}`)]),
        ...edges(resource.id, 'uses-parameter-group', [raw.DBClusterParameterGroup && clusterParameterGroupArn(ctx, raw.DBClusterParameterGroup)]),
        ...edges(resource.id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_rdsclusterparamgroup_unused (DescribeDBClusters_1), security group added.
      name: 'Aurora MySQL cluster',
      raw: {
        DBClusterIdentifier: 'mycluster',
        DBClusterParameterGroup: 'custom-cluster-pg-used',
        DBSubnetGroup: 'default',
        Status: 'available',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.04.0',
        Port: 3306,
        DBClusterArn: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster',
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-aurora', Status: 'active' }],
      },
      context: { account: '644160558196' },
      expect: { id: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster', name: 'mycluster', config: { Engine: 'aurora-mysql' } },
      expectEdges: [
        {
          from: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-aurora',
        },
        { from: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster', kind: 'in-subnet-group', to: 'arn:aws:rds:us-east-1:644160558196:subgrp:default' },
        {
          from: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster',
          kind: 'uses-parameter-group',
          to: 'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used',
        },
      ],
    },
  ],
});
