import { type DBClusterParameterGroup, paginateDescribeDBClusterParameterGroups, paginateDescribeDBClusterParameters } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, itemsOf, lastSegment, orNull, record } from '../common.js';
import { clusterParameterGroupArn, RDS_TAG_TRIGGERS, rds, securityParameters } from './rds.js';

const describe = (ctx: CollectContext, name?: string) =>
  itemsOf(paginateDescribeDBClusterParameterGroups({ client: rds(ctx) }, name ? { DBClusterParameterGroupName: name } : {}), (p) => p.DBClusterParameterGroups);

export default defineCollector<DBClusterParameterGroup>({
  id: 'aws-rds-db-cluster-parameter-group',
  resourceType: 'aws.rds.db-cluster-parameter-group',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB cluster parameter groups with their security-relevant parameters',
  permissions: ['rds:DescribeDBClusterParameterGroups'],
  triggers: [
    'CreateDBClusterParameterGroup',
    'CopyDBClusterParameterGroup',
    'ModifyDBClusterParameterGroup',
    'ResetDBClusterParameterGroup',
    'DeleteDBClusterParameterGroup',
    ...RDS_TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  async *refresh(ids, ctx) {
    for (const id of new Set(ids.map((i) => (i.startsWith('arn:') ? i.split(':cluster-pg:')[1] : lastSegment(i))))) {
      if (!id || !/^[\w.-]+$/.test(id)) continue;
      // The cluster-group API reports an unknown name with the DB parameter group's fault code.
      yield* (await orNull(() => collectAll(describe(ctx, id)), ['DBParameterGroupNotFoundFault'])) ?? [];
    }
  },
  hydrate: {
    // As for DB parameter groups: every page is read, only the security-relevant values are kept.
    parameters: {
      permissions: ['rds:DescribeDBClusterParameters'],
      fetch: async (raw, ctx) =>
        securityParameters(
          await collectAll(
            itemsOf(
              paginateDescribeDBClusterParameters({ client: rds(ctx), pageSize: 100 }, { DBClusterParameterGroupName: raw.DBClusterParameterGroupName }),
              (p) => p.Parameters,
            ),
          ),
        ),
    },
  },
  toResource(raw, hydrated, ctx) {
    // The API's own ARN when it gives one; otherwise the same form the cluster's edge is built with.
    const id = raw.DBClusterParameterGroupArn ?? clusterParameterGroupArn(ctx, raw.DBClusterParameterGroupName ?? '');
    return {
      resource: record(ctx, {
        type: 'aws.rds.db-cluster-parameter-group',
        id,
        name: raw.DBClusterParameterGroupName,
        tags: {},
        config: configOf(raw, hydrated),
      }),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_rdsclusterparamgroup_unused (DescribeDBClusterParameterGroups_1), parameters added.
      name: 'Aurora MySQL cluster group without require_secure_transport',
      raw: {
        DBClusterParameterGroupName: 'custom-cluster-pg-used',
        DBParameterGroupFamily: 'aurora-mysql8.0',
        Description: 'Custom cluster parameter group in use',
        DBClusterParameterGroupArn: 'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used',
      },
      hydrated: { parameters: { require_secure_transport: 'OFF', tls_version: 'TLSv1.2' } },
      expect: {
        id: 'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used',
        name: 'custom-cluster-pg-used',
        config: { DBParameterGroupFamily: 'aurora-mysql8.0', parameters: { require_secure_transport: 'OFF', tls_version: 'TLSv1.2' } },
      },
    },
    {
      // The API gave no ARN: it is built in the form the cluster's uses-parameter-group edge points at.
      name: 'group without an ARN in the answer',
      raw: { DBClusterParameterGroupName: 'default.aurora-postgresql15', DBParameterGroupFamily: 'aurora-postgresql15' },
      context: { account: '644160558196' },
      hydrated: { parameters: {} },
      expect: { id: 'arn:aws:rds:us-east-1:644160558196:cluster-pg:default.aurora-postgresql15', name: 'default.aurora-postgresql15' },
    },
  ],
});
