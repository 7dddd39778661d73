import { DescribeDBClusterSnapshotAttributesCommand, type DBClusterSnapshot, paginateDescribeDBClusterSnapshots } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { edges, itemsOf, kmsKeyArn } from '../common.js';
import { idFilter, RDS_TAG_TRIGGERS, rds, rdsRecord } from './rds.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(
    paginateDescribeDBClusterSnapshots({ client: rds(ctx) }, ids ? { Filters: idFilter('db-cluster-snapshot-id', ids) } : {}),
    (p) => p.DBClusterSnapshots,
  );

export default defineCollector<DBClusterSnapshot>({
  id: 'aws-rds-db-cluster-snapshot',
  resourceType: 'aws.rds.db-cluster-snapshot',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB cluster snapshots owned by the account',
  permissions: ['rds:DescribeDBClusterSnapshots'],
  triggers: ['CreateDBClusterSnapshot', 'CopyDBClusterSnapshot', 'DeleteDBClusterSnapshot', 'ModifyDBClusterSnapshotAttribute', ...RDS_TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    attributes: {
      permissions: ['rds:DescribeDBClusterSnapshotAttributes'],
      async fetch(raw, ctx) {
        const r = await rds(ctx).send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: raw.DBClusterSnapshotIdentifier }));
        return r.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const resource = rdsRecord(ctx, 'aws.rds.db-cluster-snapshot', raw.DBClusterSnapshotArn, raw.DBClusterSnapshotIdentifier, raw, hydrated);
    return { resource, edges: edges(resource.id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_rdscluster_snapshot_config (DescribeDBClusterSnapshots_1).
      name: 'encrypted Aurora PostgreSQL snapshot, not shared',
      raw: {
        DBClusterSnapshotIdentifier: 'verify',
        DBClusterIdentifier: 'database-1',
        SnapshotCreateTime: new Date('2019-10-23T16:44:39Z'),
        Engine: 'aurora-postgresql',
        Status: 'available',
        SnapshotType: 'manual',
        StorageEncrypted: true,
        KmsKeyId: 'arn:aws:kms:us-east-1:644160558196:key/b10f842a-feb7-4318-92d5-0640a75b7688',
        DBClusterSnapshotArn: 'arn:aws:rds:us-east-1:644160558196:cluster-snapshot:verify',
        TagList: [{ Key: 'Owner', Value: 'kapil' }],
      },
      hydrated: { attributes: [{ AttributeName: 'restore', AttributeValues: [] }] },
      expect: {
        id: 'arn:aws:rds:us-east-1:644160558196:cluster-snapshot:verify',
        name: 'verify',
        tags: { Owner: 'kapil' },
        config: { StorageEncrypted: true },
      },
      expectEdges: [
        {
          from: 'arn:aws:rds:us-east-1:644160558196:cluster-snapshot:verify',
          kind: 'encrypted-with',
          to: 'arn:aws:kms:us-east-1:644160558196:key/b10f842a-feb7-4318-92d5-0640a75b7688',
        },
      ],
    },
  ],
});
