import { DescribeLaunchTemplateVersionsCommand, type LaunchTemplate, paginateDescribeLaunchTemplates } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { idsFrom, itemsOf } from '../common.js';
import { ec2, ec2Record, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(
    paginateDescribeLaunchTemplates({ client: ec2(ctx) }, ids ? { Filters: [{ Name: 'launch-template-id', Values: idsFrom(ids) }] } : {}),
    (p) => p.LaunchTemplates,
  );

export default defineCollector<LaunchTemplate>({
  id: 'aws-ec2-launch-template',
  resourceType: 'aws.ec2.launch-template',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Launch templates',
  permissions: ['ec2:DescribeLaunchTemplates'],
  triggers: [
    'CreateLaunchTemplate',
    'CreateLaunchTemplateVersion',
    'ModifyLaunchTemplate',
    'DeleteLaunchTemplate',
    'DeleteLaunchTemplateVersions',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    latestVersion: {
      permissions: ['ec2:DescribeLaunchTemplateVersions'],
      async fetch(raw, ctx) {
        const r = await ec2(ctx).send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: raw.LaunchTemplateId, Versions: ['$Latest'] }));
        return r.LaunchTemplateVersions?.[0]?.LaunchTemplateData ?? null;
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.launch-template', 'launch-template', raw.LaunchTemplateId ?? '', raw, hydrated);
    if (!resource.tags.Name && raw.LaunchTemplateName) resource.name = raw.LaunchTemplateName;
    return { resource };
  },
  fixtures: [
    {
      // From cloud-custodian test_launch_template_query (DescribeLaunchTemplates_1) and test_asg_invalid_az (DescribeLaunchTemplateVersions_1).
      name: 'template with its latest version data',
      raw: {
        LaunchTemplateId: 'lt-0877401c93c294001',
        LaunchTemplateName: 'test',
        CreateTime: new Date('2019-02-27T19:21:58Z'),
        CreatedBy: 'arn:aws:iam::644160558196:user/Samson.Shi@capitalone.com',
        DefaultVersionNumber: 3,
        LatestVersionNumber: 4,
      },
      hydrated: { latestVersion: { ImageId: 'ami-025fe52e1f2dc5044', InstanceType: 't2.micro', UserData: '' } },
      expect: {
        id: 'arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0877401c93c294001',
        name: 'test',
        config: { LatestVersionNumber: 4, latestVersion: { InstanceType: 't2.micro' } },
      },
    },
  ],
});
