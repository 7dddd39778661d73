import { type DelegatedAdministrator, paginateListDelegatedAdministrators, paginateListDelegatedServicesForAccount } from '@aws-sdk/client-organizations';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, itemsOf, record } from '../common.js';
import { orgs } from './organizations.js';

export default defineCollector<DelegatedAdministrator>({
  id: 'aws-organizations-delegated-administrator',
  resourceType: 'aws.organizations.delegated-administrator',
  provider: 'aws',
  service: 'organizations',
  scope: 'global',
  title: 'Delegated administrator accounts',
  permissions: ['organizations:ListDelegatedAdministrators'],
  triggers: ['RegisterDelegatedAdministrator', 'DeregisterDelegatedAdministrator'],
  list: (ctx) => itemsOf(paginateListDelegatedAdministrators({ client: orgs(ctx) }, {}), (p) => p.DelegatedAdministrators),
  hydrate: {
    services: {
      permissions: ['organizations:ListDelegatedServicesForAccount'],
      fetch: (raw, ctx) =>
        collectAll(itemsOf(paginateListDelegatedServicesForAccount({ client: orgs(ctx) }, { AccountId: raw.Id }), (p) => p.DelegatedServices)),
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    // The account's own ARN already names the organizations.account resource, so this one is synthetic.
    resource: record(ctx, {
      type: 'aws.organizations.delegated-administrator',
      id: `arn:${ctx.partition}:organizations::${ctx.account}:delegated-administrator/${raw.Id}`,
      name: raw.Name,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      name: 'security account delegated for GuardDuty',
      raw: { Id: '333333333333', Arn: 'arn:aws:organizations::111111111111:account/o-acme0demo1/333333333333', Name: 'acme-dev', Status: 'ACTIVE' },
      hydrated: { services: [{ ServicePrincipal: 'guardduty.amazonaws.com', DelegationEnabledDate: '2023-01-01T00:00:00Z' }] },
      context: { account: '111111111111' },
      expect: {
        id: 'arn:aws:organizations::111111111111:delegated-administrator/333333333333',
        config: { services: [{ ServicePrincipal: 'guardduty.amazonaws.com' }] },
      },
    },
  ],
});
