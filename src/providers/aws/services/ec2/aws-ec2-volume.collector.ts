import { paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf, kmsKeyArn } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeVolumes({ client: ec2(ctx) }, ids ? { Filters: idFilter('volume-id', ids) } : {}), (p) => p.Volumes);

export default defineCollector<Volume>({
  id: 'aws-ec2-volume',
  resourceType: 'aws.ec2.volume',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EBS volumes',
  permissions: ['ec2:DescribeVolumes'],
  triggers: ['CreateVolume', 'DeleteVolume', 'AttachVolume', 'DetachVolume', 'ModifyVolume', 'ModifyVolumeAttribute', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.volume', 'volume', raw.VolumeId ?? '', raw, hydrated);
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'attached-to',
          (raw.Attachments ?? []).map((a) => a.InstanceId && ec2Arn(ctx, 'instance', a.InstanceId)),
        ),
        ...edges(resource.id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_ebs_volume_related_filter (ec2.DescribeVolumes_2.json).
      name: 'unencrypted unattached volume',
      raw: {
        Attachments: [],
        AvailabilityZone: 'us-east-1a',
        CreateTime: new Date('2021-03-16T20:24:01Z'),
        Encrypted: false,
        Size: 1,
        SnapshotId: '',
        State: 'available',
        VolumeId: 'vol-02dbf91b6667bcdad',
        VolumeType: 'standard',
        MultiAttachEnabled: false,
      },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-02dbf91b6667bcdad', config: { Encrypted: false, CreateTime: '2021-03-16T20:24:01.000Z' } },
      expectEdges: [],
    },
    {
      name: 'encrypted volume attached to an instance',
      raw: {
        Attachments: [{ InstanceId: 'i-0a1b2c3d4e5f60001', State: 'attached', VolumeId: 'vol-0enc', Device: '/dev/xvda' }],
        Encrypted: true,
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        VolumeId: 'vol-0enc',
      },
      expect: { config: { Encrypted: true } },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0enc',
          kind: 'attached-to',
          to: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60001',
        },
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0enc',
          kind: 'encrypted-with',
          to: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      ],
    },
  ],
});
