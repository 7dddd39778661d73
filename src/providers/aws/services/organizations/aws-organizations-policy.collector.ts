import {
  DescribePolicyCommand,
  paginateListPolicies,
  paginateListTargetsForPolicy,
  type PolicySummary,
  type PolicyTargetSummary,
} from '@aws-sdk/client-organizations';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, edges, idsFrom, itemsOf, orNull, parsePolicy, record } from '../common.js';
import { orgs } from './organizations.js';

export default defineCollector<PolicySummary>({
  id: 'aws-organizations-policy',
  resourceType: 'aws.organizations.policy',
  provider: 'aws',
  service: 'organizations',
  scope: 'global',
  title: 'Service control policies',
  permissions: ['organizations:ListPolicies'],
  triggers: ['CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'AttachPolicy', 'DetachPolicy'],
  list: (ctx) => itemsOf(paginateListPolicies({ client: orgs(ctx) }, { Filter: 'SERVICE_CONTROL_POLICY' }), (p) => p.Policies),
  // IAM's CreatePolicy/DeletePolicy share these event names: only `p-…` ids are Organizations policies.
  async *refresh(ids, ctx) {
    for (const PolicyId of idsFrom(ids).filter((i) => /^p-[0-9a-z_]+$/.test(i))) {
      const p = await orNull(async () => (await orgs(ctx).send(new DescribePolicyCommand({ PolicyId }))).Policy?.PolicySummary);
      if (p?.Type === 'SERVICE_CONTROL_POLICY') yield p;
    }
  },
  hydrate: {
    content: {
      permissions: ['organizations:DescribePolicy'],
      fetch: async (raw, ctx) => parsePolicy((await orgs(ctx).send(new DescribePolicyCommand({ PolicyId: raw.Id }))).Policy?.Content),
    },
    targets: {
      permissions: ['organizations:ListTargetsForPolicy'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateListTargetsForPolicy({ client: orgs(ctx) }, { PolicyId: raw.Id }), (p) => p.Targets)),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.Arn ?? '';
    const resource = record(ctx, { type: 'aws.organizations.policy', id, name: raw.Name, region: 'global', config: configOf(raw, hydrated) });
    return {
      resource,
      edges: edges(
        id,
        'attached-to',
        ((hydrated.targets as PolicyTargetSummary[] | undefined) ?? []).map((t) => t.Arn),
      ),
    };
  },
  fixtures: [
    {
      name: 'SCP denying leaving the organisation, attached to an OU',
      raw: {
        Id: 'p-deny0leave',
        Arn: 'arn:aws:organizations::111111111111:policy/o-acme0demo1/service_control_policy/p-deny0leave',
        Name: 'deny-leave-org',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: false,
      },
      hydrated: {
        content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
        targets: [
          {
            TargetId: 'ou-ab12-prod0001',
            Arn: 'arn:aws:organizations::111111111111:ou/o-acme0demo1/ou-ab12-prod0001',
            Name: 'Production',
            Type: 'ORGANIZATIONAL_UNIT',
          },
        ],
      },
      expect: { name: 'deny-leave-org', config: { content: { Statement: [{ Effect: 'Deny' }] } } },
      expectEdges: [
        {
          from: 'arn:aws:organizations::111111111111:policy/o-acme0demo1/service_control_policy/p-deny0leave',
          kind: 'attached-to',
          to: 'arn:aws:organizations::111111111111:ou/o-acme0demo1/ou-ab12-prod0001',
        },
      ],
    },
  ],
});
