import { DescribeSnapshotAttributeCommand, paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, itemsOf, kmsKeyArn, record } from '../common.js';
import { ec2, idFilter, snapshotArn, TAG_TRIGGERS } from './ec2.js';

/** Only the account's own snapshots: public and shared ones of others are not its inventory. */
const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(
    paginateDescribeSnapshots({ client: ec2(ctx) }, { OwnerIds: ['self'], ...(ids ? { Filters: idFilter('snapshot-id', ids) } : {}) }),
    (p) => p.Snapshots,
  );

export default defineCollector<Snapshot>({
  id: 'aws-ec2-snapshot',
  resourceType: 'aws.ec2.snapshot',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EBS snapshots owned by the account',
  permissions: ['ec2:DescribeSnapshots'],
  triggers: ['CreateSnapshot', 'CreateSnapshots', 'CopySnapshot', 'DeleteSnapshot', 'ModifySnapshotAttribute', 'ResetSnapshotAttribute', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    createVolumePermissions: {
      permissions: ['ec2:DescribeSnapshotAttribute'],
      async fetch(raw, ctx) {
        const r = await ec2(ctx).send(new DescribeSnapshotAttributeCommand({ SnapshotId: raw.SnapshotId, Attribute: 'createVolumePermission' }));
        return r.CreateVolumePermissions ?? [];
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = snapshotArn(ctx, raw.SnapshotId) ?? '';
    const resource = record(ctx, { type: 'aws.ec2.snapshot', id, name: raw.SnapshotId, tags: flatTags(raw.Tags), config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_ebs_snapshot_copy_volume_tags (DescribeSnapshots_1) and
      // test_ebs_snapshot_set_permissions_matched_everyone_only (DescribeSnapshotAttribute_1): a public snapshot.
      name: 'unencrypted snapshot shared with everyone',
      raw: {
        Description: '',
        Encrypted: false,
        VolumeId: 'vol-0252f61378ede9d01',
        State: 'pending',
        VolumeSize: 8,
        Progress: '99%',
        StartTime: new Date('2017-05-03T14:43:17Z'),
        SnapshotId: 'snap-0c8b611065fed033e',
        Tags: [{ Key: 'test-tag', Value: 'custodian' }],
        OwnerId: '644160558196',
      },
      hydrated: { createVolumePermissions: [{ Group: 'all' }] },
      expect: {
        id: 'arn:aws:ec2:us-east-1::snapshot/snap-0c8b611065fed033e',
        name: 'snap-0c8b611065fed033e',
        tags: { 'test-tag': 'custodian' },
        config: { Encrypted: false, createVolumePermissions: [{ Group: 'all' }] },
      },
    },
  ],
});
