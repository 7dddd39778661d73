import { DescribeDBSnapshotAttributesCommand, type DBSnapshot, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, edges, itemsOf, kmsKeyArn } from '../common.js';
import { idFilter, RDS_TAG_TRIGGERS, rds, rdsRecord } from './rds.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeDBSnapshots({ client: rds(ctx) }, ids ? { Filters: idFilter('db-snapshot-id', ids) } : {}), (p) => p.DBSnapshots);

export default defineCollector<DBSnapshot>({
  id: 'aws-rds-db-snapshot',
  resourceType: 'aws.rds.db-snapshot',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB snapshots owned by the account',
  permissions: ['rds:DescribeDBSnapshots'],
  triggers: ['CreateDBSnapshot', 'CopyDBSnapshot', 'DeleteDBSnapshot', 'ModifyDBSnapshotAttribute', 'ModifyDBSnapshot', ...RDS_TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    attributes: {
      permissions: ['rds:DescribeDBSnapshotAttributes'],
      async fetch(raw, ctx) {
        const r = await rds(ctx).send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: raw.DBSnapshotIdentifier }));
        return r.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.DBSnapshotArn ?? arn(ctx, 'rds', `snapshot:${raw.DBSnapshotIdentifier}`);
    const resource = rdsRecord(ctx, 'aws.rds.db-snapshot', id, raw.DBSnapshotIdentifier, raw, hydrated);
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_rds_snapshot_delete (DescribeDBSnapshots_1); the restore attribute opened to all.
      name: 'manual encrypted snapshot restorable by anyone',
      raw: {
        Engine: 'postgres',
        SnapshotCreateTime: new Date('2016-04-21T19:04:52Z'),
        Encrypted: true,
        Status: 'available',
        VpcId: 'vpc-f3581498',
        DBSnapshotIdentifier: 'abc-restore-final-snapshot',
        AllocatedStorage: 100,
        SnapshotType: 'manual',
        DBInstanceIdentifier: 'abc-restore',
      },
      hydrated: { attributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] },
      expect: {
        id: 'arn:aws:rds:us-east-1:123456789012:snapshot:abc-restore-final-snapshot',
        name: 'abc-restore-final-snapshot',
        config: { SnapshotType: 'manual', attributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] },
      },
    },
  ],
});
