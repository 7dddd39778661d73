import { type OrganizationalUnit, paginateListOrganizationalUnitsForParent, paginateListRoots, type Root } from '@aws-sdk/client-organizations';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, itemsOf, record } from '../common.js';
import { orgs } from './organizations.js';

/** An OU with its parent's ARN; the root is yielded too (as the top of the tree, `Id` r-…). */
export type OuItem = (OrganizationalUnit | Root) & { ParentArn?: string };

async function* walk(ctx: CollectContext): AsyncIterable<OuItem> {
  const queue: { id: string; arn: string }[] = [];
  for await (const root of itemsOf(paginateListRoots({ client: orgs(ctx) }, {}), (p) => p.Roots)) {
    yield root;
    if (root.Id && root.Arn) queue.push({ id: root.Id, arn: root.Arn });
  }
  while (queue.length) {
    const parent = queue.shift()!;
    for await (const ou of itemsOf(paginateListOrganizationalUnitsForParent({ client: orgs(ctx) }, { ParentId: parent.id }), (p) => p.OrganizationalUnits)) {
      yield { ...ou, ParentArn: parent.arn };
      if (ou.Id && ou.Arn) queue.push({ id: ou.Id, arn: ou.Arn });
    }
  }
}

export default defineCollector<OuItem>({
  id: 'aws-organizations-ou',
  resourceType: 'aws.organizations.ou',
  provider: 'aws',
  service: 'organizations',
  scope: 'global',
  title: 'Organizational units (and the root)',
  permissions: ['organizations:ListRoots', 'organizations:ListOrganizationalUnitsForParent'],
  triggers: ['CreateOrganizationalUnit', 'UpdateOrganizationalUnit', 'DeleteOrganizationalUnit'],
  list: walk,
  toResource(raw, hydrated, ctx) {
    const id = raw.Arn ?? '';
    const resource = record(ctx, { type: 'aws.organizations.ou', id, name: raw.Name, region: 'global', config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'in-ou', [raw.ParentArn]) };
  },
  fixtures: [
    {
      name: 'Production OU under the root',
      raw: {
        Id: 'ou-ab12-prod0001',
        Arn: 'arn:aws:organizations::111111111111:ou/o-acme0demo1/ou-ab12-prod0001',
        Name: 'Production',
        ParentArn: 'arn:aws:organizations::111111111111:root/o-acme0demo1/r-ab12',
      },
      expect: { name: 'Production', region: 'global' },
      expectEdges: [
        {
          from: 'arn:aws:organizations::111111111111:ou/o-acme0demo1/ou-ab12-prod0001',
          kind: 'in-ou',
          to: 'arn:aws:organizations::111111111111:root/o-acme0demo1/r-ab12',
        },
      ],
    },
  ],
});
