import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListUserTags,
  type User,
} from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, edges, itemsOf, orNull } from '../common.js';
import { getEach, iam, iamRecord, inlinePolicies } from './iam.js';

const user = (raw: User) => ({ UserName: raw.UserName });

export default defineCollector<User>({
  id: 'aws-iam-user',
  resourceType: 'aws.iam.user',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM users',
  permissions: ['iam:ListUsers', 'iam:GetUser'],
  triggers: [
    'CreateUser',
    'DeleteUser',
    'UpdateUser',
    'CreateLoginProfile',
    'UpdateLoginProfile',
    'DeleteLoginProfile',
    'EnableMFADevice',
    'DeactivateMFADevice',
    'CreateAccessKey',
    'UpdateAccessKey',
    'DeleteAccessKey',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'PutUserPolicy',
    'DeleteUserPolicy',
    'AddUserToGroup',
    'RemoveUserFromGroup',
    'TagUser',
    'UntagUser',
  ],
  list: (ctx) => itemsOf(paginateListUsers({ client: iam(ctx) }, {}), (p) => p.Users),
  refresh: (ids, ctx) => getEach(ids, async (UserName) => (await iam(ctx).send(new GetUserCommand({ UserName }))).User),
  hydrate: {
    loginProfile: {
      permissions: ['iam:GetLoginProfile'],
      fetch: (raw, ctx) => orNull(async () => (await iam(ctx).send(new GetLoginProfileCommand(user(raw)))).LoginProfile ?? null),
    },
    mfaDevices: {
      permissions: ['iam:ListMFADevices'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListMFADevices({ client: iam(ctx) }, user(raw)), (p) => p.MFADevices)),
    },
    accessKeys: {
      permissions: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
      async fetch(raw, ctx) {
        const keys = await collectAll(itemsOf(paginateListAccessKeys({ client: iam(ctx) }, user(raw)), (p) => p.AccessKeyMetadata));
        const out = [];
        for (const k of keys) {
          const used = await iam(ctx).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
          out.push({ ...k, LastUsed: used.AccessKeyLastUsed ?? null });
        }
        return out;
      },
    },
    attachedPolicies: {
      permissions: ['iam:ListAttachedUserPolicies'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListAttachedUserPolicies({ client: iam(ctx) }, user(raw)), (p) => p.AttachedPolicies)),
    },
    inlinePolicies: {
      permissions: ['iam:ListUserPolicies', 'iam:GetUserPolicy'],
      async fetch(raw, ctx) {
        const names = await collectAll(itemsOf(paginateListUserPolicies({ client: iam(ctx) }, user(raw)), (p) => p.PolicyNames));
        return inlinePolicies(names, (PolicyName) => iam(ctx).send(new GetUserPolicyCommand({ ...user(raw), PolicyName })));
      },
    },
    groups: {
      permissions: ['iam:ListGroupsForUser'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListGroupsForUser({ client: iam(ctx) }, user(raw)), (p) => p.Groups)),
    },
    tags: {
      permissions: ['iam:ListUserTags'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListUserTags({ client: iam(ctx) }, user(raw)), (p) => p.Tags)),
    },
  },
  toResource(raw, hydrated, ctx) {
    const resource = iamRecord(ctx, 'aws.iam.user', raw, raw.UserName, hydrated);
    const groups = (hydrated.groups as { Arn?: string }[] | undefined) ?? [];
    const policies = (hydrated.attachedPolicies as { PolicyArn?: string }[] | undefined) ?? [];
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'member-of',
          groups.map((g) => g.Arn),
        ),
        ...edges(
          resource.id,
          'has-policy',
          policies.map((p) => p.PolicyArn),
        ),
      ],
    };
  },
  fixtures: [
    {
      // User from cloud-custodian test_iam_user_service_specific_credentials_filter (ListUsers_1); hydrated values in API shapes.
      name: 'console user without MFA, an old active key, admin via a group',
      raw: {
        Path: '/',
        UserName: 'testuser-8aa8c470',
        UserId: 'AIDAY5Y4D45RG3VTEMRNH',
        Arn: 'arn:aws:iam::644160558196:user/testuser-8aa8c470',
        CreateDate: new Date('2020-12-22T02:55:04Z'),
      },
      hydrated: {
        loginProfile: { UserName: 'testuser-8aa8c470', CreateDate: '2020-12-22T02:56:00Z', PasswordResetRequired: false },
        mfaDevices: [],
        accessKeys: [
          {
            UserName: 'testuser-8aa8c470',
            AccessKeyId: 'AKIAY5Y4D45RHEXAMPLE',
            Status: 'Active',
            CreateDate: '2020-12-22T02:55:05Z',
            LastUsed: { LastUsedDate: '2021-01-05T10:00:00Z', ServiceName: 's3', Region: 'us-east-1' },
          },
        ],
        attachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        inlinePolicies: [],
        groups: [{ GroupName: 'admins', Arn: 'arn:aws:iam::644160558196:group/admins' }],
        tags: [{ Key: 'team', Value: 'payments' }],
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:iam::644160558196:user/testuser-8aa8c470',
        name: 'testuser-8aa8c470',
        region: 'global',
        tags: { team: 'payments' },
        config: { CreateDate: '2020-12-22T02:55:04.000Z', mfaDevices: [], loginProfile: { PasswordResetRequired: false } },
      },
      expectEdges: [
        { from: 'arn:aws:iam::644160558196:user/testuser-8aa8c470', kind: 'member-of', to: 'arn:aws:iam::644160558196:group/admins' },
        { from: 'arn:aws:iam::644160558196:user/testuser-8aa8c470', kind: 'has-policy', to: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
    },
    {
      name: 'programmatic user without a login profile',
      raw: {
        UserName: 'deploy-bot',
        Arn: 'arn:aws:iam::222222222222:user/ci/deploy-bot',
        UserId: 'AIDADEPLOYBOT',
        Path: '/ci/',
        CreateDate: new Date('2024-03-01T09:00:00Z'),
      },
      hydrated: { loginProfile: null },
      context: { account: '222222222222' },
      expect: { name: 'deploy-bot', config: { loginProfile: null, Path: '/ci/' } },
    },
  ],
});
