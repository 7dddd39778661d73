import { type DBParameterGroup, paginateDescribeDBParameterGroups, paginateDescribeDBParameters } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, collectAll, configOf, itemsOf, lastSegment, orNull, record } from '../common.js';
import { RDS_TAG_TRIGGERS, rds, securityParameters } from './rds.js';

const describe = (ctx: CollectContext, name?: string) =>
  itemsOf(paginateDescribeDBParameterGroups({ client: rds(ctx) }, name ? { DBParameterGroupName: name } : {}), (p) => p.DBParameterGroups);

export default defineCollector<DBParameterGroup>({
  id: 'aws-rds-db-parameter-group',
  resourceType: 'aws.rds.db-parameter-group',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB parameter groups with their security-relevant parameters',
  permissions: ['rds:DescribeDBParameterGroups'],
  triggers: [
    'CreateDBParameterGroup',
    'CopyDBParameterGroup',
    'ModifyDBParameterGroup',
    'ResetDBParameterGroup',
    'DeleteDBParameterGroup',
    ...RDS_TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  async *refresh(ids, ctx) {
    for (const id of new Set(ids.map((i) => (i.startsWith('arn:') ? i.split(':pg:')[1] : lastSegment(i))))) {
      if (!id || !/^[\w.-]+$/.test(id)) continue;
      yield* (await orNull(() => collectAll(describe(ctx, id)), ['DBParameterGroupNotFoundFault'])) ?? [];
    }
  },
  hydrate: {
    // Every page is read (the API cannot filter by name), but only the security-relevant values are kept.
    parameters: {
      permissions: ['rds:DescribeDBParameters'],
      fetch: async (raw, ctx) =>
        securityParameters(
          await collectAll(
            itemsOf(paginateDescribeDBParameters({ client: rds(ctx), pageSize: 100 }, { DBParameterGroupName: raw.DBParameterGroupName }), (p) => p.Parameters),
          ),
        ),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.DBParameterGroupArn ?? arn(ctx, 'rds', `pg:${raw.DBParameterGroupName}`);
    return {
      resource: record(ctx, { type: 'aws.rds.db-parameter-group', id, name: raw.DBParameterGroupName, tags: {}, config: configOf(raw, hydrated) }),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_rdsparamgroup_param_value_filter: a MySQL group that does not require TLS.
      name: 'MySQL group without require_secure_transport',
      raw: {
        DBParameterGroupName: 'pg-mysql-insecure',
        DBParameterGroupFamily: 'mysql5.7',
        Description: 'test',
        DBParameterGroupArn: 'arn:aws:rds:us-east-1:123456789012:pg:pg-mysql-insecure',
      },
      hydrated: { parameters: { require_secure_transport: '0', general_log: null } },
      expect: {
        id: 'arn:aws:rds:us-east-1:123456789012:pg:pg-mysql-insecure',
        name: 'pg-mysql-insecure',
        config: { DBParameterGroupFamily: 'mysql5.7', parameters: { require_secure_transport: '0', general_log: null } },
      },
    },
  ],
});
