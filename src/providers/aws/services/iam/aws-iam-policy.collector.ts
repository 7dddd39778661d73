import { GetPolicyCommand, GetPolicyVersionCommand, type Policy, paginateListPolicies } from '@aws-sdk/client-iam';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { itemsOf, orNull, parsePolicy } from '../common.js';
import { iam, iamRecord } from './iam.js';

/** Every customer-managed policy, plus the AWS-managed ones that are attached to something here. */
async function* policies(ctx: CollectContext): AsyncIterable<Policy> {
  yield* itemsOf(paginateListPolicies({ client: iam(ctx) }, { Scope: 'Local' }), (p) => p.Policies);
  yield* itemsOf(paginateListPolicies({ client: iam(ctx) }, { Scope: 'AWS', OnlyAttached: true }), (p) => p.Policies);
}

export default defineCollector<Policy>({
  id: 'aws-iam-policy',
  resourceType: 'aws.iam.policy',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM managed policies',
  permissions: ['iam:ListPolicies', 'iam:GetPolicy'],
  triggers: ['CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'TagPolicy', 'UntagPolicy'],
  list: policies,
  async *refresh(ids, ctx) {
    // Policies are named by ARN in events (`policyArn`); a bare name means a local policy.
    for (const id of ids) {
      const PolicyArn = id.startsWith('arn:') ? id : `arn:${ctx.partition}:iam::${ctx.account}:policy/${id}`;
      const p = await orNull(async () => (await iam(ctx).send(new GetPolicyCommand({ PolicyArn }))).Policy);
      if (p) yield p;
    }
  },
  hydrate: {
    document: {
      permissions: ['iam:GetPolicyVersion'],
      async fetch(raw, ctx) {
        const r = await iam(ctx).send(new GetPolicyVersionCommand({ PolicyArn: raw.Arn, VersionId: raw.DefaultVersionId }));
        return parsePolicy(r.PolicyVersion?.Document);
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    return { resource: iamRecord(ctx, 'aws.iam.policy', raw, raw.PolicyName, { tags: raw.Tags, ...hydrated }) };
  },
  fixtures: [
    {
      // Policy from cloud-custodian test_iam_policy_delete (ListPolicies_1); document from test_iam_policy_allow_all (GetPolicyVersion_1).
      name: 'customer policy that allows everything',
      raw: {
        PolicyName: 'IamCreateRoleAndCreatePolicy',
        PolicyId: 'ANPAIIA2O3QI2VS7PIY6G',
        Arn: 'arn:aws:iam::644160558196:policy/IamCreateRoleAndCreatePolicy',
        Path: '/',
        DefaultVersionId: 'v4',
        AttachmentCount: 0,
        IsAttachable: true,
        CreateDate: new Date('2017-11-01T20:05:59Z'),
      },
      hydrated: { document: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] } },
      expect: {
        id: 'arn:aws:iam::644160558196:policy/IamCreateRoleAndCreatePolicy',
        name: 'IamCreateRoleAndCreatePolicy',
        region: 'global',
        config: { DefaultVersionId: 'v4', document: { Statement: [{ Action: '*', Resource: '*' }] } },
      },
    },
  ],
});
