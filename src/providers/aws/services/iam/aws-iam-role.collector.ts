import {
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
  type Role,
} from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, edges, itemsOf, parsePolicy } from '../common.js';
import { getEach, iam, iamRecord, inlinePolicies } from './iam.js';

export default defineCollector<Role>({
  id: 'aws-iam-role',
  resourceType: 'aws.iam.role',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM roles',
  permissions: ['iam:ListRoles', 'iam:GetRole'],
  triggers: [
    'CreateRole',
    'DeleteRole',
    'UpdateRole',
    'UpdateAssumeRolePolicy',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'PutRolePolicy',
    'DeleteRolePolicy',
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
    'TagRole',
    'UntagRole',
  ],
  list: (ctx) => itemsOf(paginateListRoles({ client: iam(ctx) }, {}), (p) => p.Roles),
  refresh: (ids, ctx) => getEach(ids, async (RoleName) => (await iam(ctx).send(new GetRoleCommand({ RoleName }))).Role),
  hydrate: {
    // ListRoles leaves RoleLastUsed out; GetRole has it.
    lastUsed: {
      permissions: ['iam:GetRole'],
      fetch: async (raw, ctx) => (await iam(ctx).send(new GetRoleCommand({ RoleName: raw.RoleName }))).Role?.RoleLastUsed ?? {},
    },
    attachedPolicies: {
      permissions: ['iam:ListAttachedRolePolicies'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListAttachedRolePolicies({ client: iam(ctx) }, { RoleName: raw.RoleName }), (p) => p.AttachedPolicies)),
    },
    inlinePolicies: {
      permissions: ['iam:ListRolePolicies', 'iam:GetRolePolicy'],
      async fetch(raw, ctx) {
        const names = await collectAll(itemsOf(paginateListRolePolicies({ client: iam(ctx) }, { RoleName: raw.RoleName }), (p) => p.PolicyNames));
        return inlinePolicies(names, (PolicyName) => iam(ctx).send(new GetRolePolicyCommand({ RoleName: raw.RoleName, PolicyName })));
      },
    },
    tags: {
      permissions: ['iam:ListRoleTags'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListRoleTags({ client: iam(ctx) }, { RoleName: raw.RoleName }), (p) => p.Tags)),
    },
  },
  toResource(raw, hydrated, ctx) {
    // The trust policy arrives URL-encoded; checks read it as JSON.
    const item = { ...raw, AssumeRolePolicyDocument: parsePolicy(raw.AssumeRolePolicyDocument) };
    const resource = iamRecord(ctx, 'aws.iam.role', item, raw.RoleName, hydrated);
    const policies = (hydrated.attachedPolicies as { PolicyArn?: string }[] | undefined) ?? [];
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'has-policy',
          policies.map((p) => p.PolicyArn),
        ),
        ...edges(resource.id, 'has-permissions-boundary', [raw.PermissionsBoundary?.PermissionsBoundaryArn]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_account_credential_report (iam.ListRoles_1.json).
      name: 'service role trusted by AWS Config, trust policy decoded',
      raw: {
        AssumeRolePolicyDocument:
          '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22%22%2C%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22config.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D',
        RoleId: 'AROAJUQKESVQ5AAKMZYH4',
        CreateDate: new Date('2016-07-24T10:38:12Z'),
        RoleName: 'config-role-us-east-1',
        Path: '/service-role/',
        Arn: 'arn:aws:iam::644160558196:role/service-role/config-role-us-east-1',
      },
      hydrated: { attachedPolicies: [{ PolicyName: 'AWSConfigRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRole' }], lastUsed: {} },
      expect: {
        id: 'arn:aws:iam::644160558196:role/service-role/config-role-us-east-1',
        name: 'config-role-us-east-1',
        region: 'global',
        config: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole', Sid: '' }],
          },
        },
      },
      expectEdges: [
        {
          from: 'arn:aws:iam::644160558196:role/service-role/config-role-us-east-1',
          kind: 'has-policy',
          to: 'arn:aws:iam::aws:policy/service-role/AWSConfigRole',
        },
      ],
    },
  ],
});
