import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  type Group,
  paginateListAttachedGroupPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
} from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, edges, itemsOf } from '../common.js';
import { getEach, iam, iamRecord, inlinePolicies } from './iam.js';

export default defineCollector<Group>({
  id: 'aws-iam-group',
  resourceType: 'aws.iam.group',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM groups',
  permissions: ['iam:ListGroups', 'iam:GetGroup'],
  triggers: ['CreateGroup', 'DeleteGroup', 'UpdateGroup', 'AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy'],
  list: (ctx) => itemsOf(paginateListGroups({ client: iam(ctx) }, {}), (p) => p.Groups),
  refresh: (ids, ctx) => getEach(ids, async (GroupName) => (await iam(ctx).send(new GetGroupCommand({ GroupName }))).Group),
  hydrate: {
    attachedPolicies: {
      permissions: ['iam:ListAttachedGroupPolicies'],
      fetch: (raw, ctx) =>
        collectAll(itemsOf(paginateListAttachedGroupPolicies({ client: iam(ctx) }, { GroupName: raw.GroupName }), (p) => p.AttachedPolicies)),
    },
    inlinePolicies: {
      permissions: ['iam:ListGroupPolicies', 'iam:GetGroupPolicy'],
      async fetch(raw, ctx) {
        const names = await collectAll(itemsOf(paginateListGroupPolicies({ client: iam(ctx) }, { GroupName: raw.GroupName }), (p) => p.PolicyNames));
        return inlinePolicies(names, (PolicyName) => iam(ctx).send(new GetGroupPolicyCommand({ GroupName: raw.GroupName, PolicyName })));
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const resource = iamRecord(ctx, 'aws.iam.group', raw, raw.GroupName, hydrated);
    const policies = (hydrated.attachedPolicies as { PolicyArn?: string }[] | undefined) ?? [];
    return {
      resource,
      edges: edges(
        resource.id,
        'has-policy',
        policies.map((p) => p.PolicyArn),
      ),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_iam_group_set_policy (ListGroups_1, ListAttachedGroupPolicies).
      name: 'group with an attached AWS-managed policy',
      raw: {
        Path: '/',
        GroupName: 'test',
        GroupId: 'AGPAXYCHC33BXM77IX3NL',
        Arn: 'arn:aws:iam::644160558196:group/test',
        CreateDate: new Date('2022-06-15T16:58:27Z'),
      },
      hydrated: { attachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], inlinePolicies: [] },
      expect: { id: 'arn:aws:iam::644160558196:group/test', name: 'test', region: 'global', config: { inlinePolicies: [] } },
      expectEdges: [{ from: 'arn:aws:iam::644160558196:group/test', kind: 'has-policy', to: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    },
  ],
});
