import { GetInstanceProfileCommand, type InstanceProfile, paginateListInstanceProfiles } from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { edges, itemsOf } from '../common.js';
import { getEach, iam, iamRecord } from './iam.js';

export default defineCollector<InstanceProfile>({
  id: 'aws-iam-instance-profile',
  resourceType: 'aws.iam.instance-profile',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM instance profiles',
  permissions: ['iam:ListInstanceProfiles', 'iam:GetInstanceProfile'],
  triggers: ['CreateInstanceProfile', 'DeleteInstanceProfile', 'AddRoleToInstanceProfile', 'RemoveRoleFromInstanceProfile'],
  list: (ctx) => itemsOf(paginateListInstanceProfiles({ client: iam(ctx) }, {}), (p) => p.InstanceProfiles),
  refresh: (ids, ctx) =>
    getEach(ids, async (InstanceProfileName) => (await iam(ctx).send(new GetInstanceProfileCommand({ InstanceProfileName }))).InstanceProfile),
  toResource(raw, hydrated, ctx) {
    const resource = iamRecord(ctx, 'aws.iam.instance-profile', raw, raw.InstanceProfileName, { tags: raw.Tags, ...hydrated });
    return {
      resource,
      edges: edges(
        resource.id,
        'has-role',
        (raw.Roles ?? []).map((r) => r.Arn),
      ),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_ec2_permissions (iam.ListInstanceProfiles_1.json).
      name: 'profile carrying one role',
      raw: {
        Path: '/',
        InstanceProfileName: 'CloudCustodianRole',
        InstanceProfileId: 'AIPAJO5EMJ3YEMNUF5ZWM',
        Arn: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole',
        CreateDate: new Date('2016-10-29T19:39:43Z'),
        Roles: [
          {
            Path: '/',
            RoleName: 'CloudCustodianRole',
            RoleId: 'AROAI7ZS26HIW5UKQGHRM',
            Arn: 'arn:aws:iam::644160558196:role/CloudCustodianRole',
            CreateDate: new Date('2016-10-29T19:39:43Z'),
          },
        ],
      },
      expect: { id: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole', name: 'CloudCustodianRole', region: 'global' },
      expectEdges: [
        { from: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole', kind: 'has-role', to: 'arn:aws:iam::644160558196:role/CloudCustodianRole' },
      ],
    },
  ],
});
