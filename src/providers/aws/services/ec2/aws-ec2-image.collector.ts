import { DescribeImageAttributeCommand, type Image, paginateDescribeImages } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, flatTags, itemsOf, record } from '../common.js';
import { ec2, idFilter, imageArn, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeImages({ client: ec2(ctx) }, { Owners: ['self'], ...(ids ? { Filters: idFilter('image-id', ids) } : {}) }), (p) => p.Images);

export default defineCollector<Image>({
  id: 'aws-ec2-image',
  resourceType: 'aws.ec2.image',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'AMIs owned by the account',
  permissions: ['ec2:DescribeImages'],
  triggers: ['CreateImage', 'CopyImage', 'RegisterImage', 'DeregisterImage', 'ModifyImageAttribute', 'ResetImageAttribute', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    launchPermissions: {
      permissions: ['ec2:DescribeImageAttribute'],
      async fetch(raw, ctx) {
        const r = await ec2(ctx).send(new DescribeImageAttributeCommand({ ImageId: raw.ImageId, Attribute: 'launchPermission' }));
        return r.LaunchPermissions ?? [];
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const tags = flatTags(raw.Tags);
    return {
      resource: record(ctx, {
        type: 'aws.ec2.image',
        id: imageArn(ctx, raw.ImageId) ?? '',
        name: raw.Name ?? raw.ImageId,
        tags,
        config: configOf(raw, hydrated),
      }),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_ami_set_permissions_remove_matched_no_add (DescribeImages_1, DescribeImageAttribute_1).
      name: 'private AMI shared with one other account',
      raw: {
        Architecture: 'x86_64',
        CreationDate: '2023-02-24T23:10:38.000Z',
        ImageId: 'ami-085aca20aa1721a4d',
        ImageType: 'machine',
        Public: false,
        OwnerId: '644160558196',
        State: 'available',
        Name: 'test-ami',
        RootDeviceType: 'instance-store',
      },
      hydrated: { launchPermissions: [{ UserId: '898786471159' }] },
      expect: {
        id: 'arn:aws:ec2:us-east-1::image/ami-085aca20aa1721a4d',
        name: 'test-ami',
        config: { Public: false, launchPermissions: [{ UserId: '898786471159' }] },
      },
    },
  ],
});
