import { type Account, DescribeAccountCommand, ListTagsForResourceCommand, paginateListAccounts, paginateListParents } from '@aws-sdk/client-organizations';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, edges, flatTags, idsFrom, itemsOf, orNull, record } from '../common.js';
import { orgs } from './organizations.js';

export default defineCollector<Account>({
  id: 'aws-organizations-account',
  resourceType: 'aws.organizations.account',
  provider: 'aws',
  service: 'organizations',
  scope: 'global',
  title: 'Organization member accounts (from the management or a delegated account)',
  permissions: ['organizations:ListAccounts'],
  triggers: ['CreateAccount', 'InviteAccountToOrganization', 'RemoveAccountFromOrganization', 'MoveAccount', 'CloseAccount', 'TagResource', 'UntagResource'],
  list: (ctx) => itemsOf(paginateListAccounts({ client: orgs(ctx) }, {}), (p) => p.Accounts),
  // TagResource/UntagResource are shared by many services: only 12-digit ids are accounts.
  async *refresh(ids, ctx) {
    for (const AccountId of idsFrom(ids).filter((i) => /^\d{12}$/.test(i))) {
      const a = await orNull(async () => (await orgs(ctx).send(new DescribeAccountCommand({ AccountId }))).Account);
      if (a) yield a;
    }
  },
  hydrate: {
    parents: {
      permissions: ['organizations:ListParents'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListParents({ client: orgs(ctx) }, { ChildId: raw.Id }), (p) => p.Parents)),
    },
    tags: {
      permissions: ['organizations:ListTagsForResource'],
      fetch: async (raw, ctx) => (await orgs(ctx).send(new ListTagsForResourceCommand({ ResourceId: raw.Id }))).Tags ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.Arn ?? '';
    const resource = record(ctx, {
      type: 'aws.organizations.account',
      id,
      name: raw.Name,
      region: 'global',
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
    // Parent ARNs need the organisation id, which is the path segment after `account/` in the account ARN.
    const org = /:account\/(o-[a-z0-9]+)\//.exec(id)?.[1];
    const parents = ((hydrated.parents as { Id?: string; Type?: string }[] | undefined) ?? []).map((p) =>
      org && p.Id ? `arn:${ctx.partition}:organizations::${ctx.account}:${p.Type === 'ROOT' ? 'root' : 'ou'}/${org}/${p.Id}` : undefined,
    );
    return { resource, edges: edges(id, 'in-ou', parents) };
  },
  fixtures: [
    {
      name: 'production account in the Production OU',
      raw: {
        Id: '222222222222',
        Arn: 'arn:aws:organizations::111111111111:account/o-acme0demo1/222222222222',
        Email: 'prod@acme.example',
        Name: 'acme-prod',
        Status: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: new Date('2021-03-01T00:00:00Z'),
      },
      hydrated: { parents: [{ Id: 'ou-ab12-prod0001', Type: 'ORGANIZATIONAL_UNIT' }], tags: [{ Key: 'team', Value: 'payments' }] },
      context: { account: '111111111111' },
      expect: { name: 'acme-prod', region: 'global', tags: { team: 'payments' }, config: { Status: 'ACTIVE' } },
      expectEdges: [
        {
          from: 'arn:aws:organizations::111111111111:account/o-acme0demo1/222222222222',
          kind: 'in-ou',
          to: 'arn:aws:organizations::111111111111:ou/o-acme0demo1/ou-ab12-prod0001',
        },
      ],
    },
  ],
});
