import { ListResourcesForWebACLCommand, ListWebACLsCommand, type Scope, WAFV2Client, type WebACLSummary } from '@aws-sdk/client-wafv2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, itemsOf, record, tokenPages } from '../common.js';

const waf = (ctx: CollectContext) => ctx.client(WAFV2Client);

export type WebAcl = WebACLSummary & { Scope: Scope };

/** REGIONAL ACLs in every region; CLOUDFRONT ACLs exist only in us-east-1 (and are listed there). */
async function* read(ctx: CollectContext): AsyncIterable<WebAcl> {
  const scopes: Scope[] = ctx.region === 'us-east-1' ? ['REGIONAL', 'CLOUDFRONT'] : ['REGIONAL'];
  const seen = new Set<string>();
  for (const Scope of scopes) {
    const pages = tokenPages(
      (NextMarker) => waf(ctx).send(new ListWebACLsCommand({ Scope, NextMarker })),
      (p) => (p.WebACLs?.length ? p.NextMarker : undefined),
    );
    // WAF answers a NextMarker even on its last page; an ACL seen twice is yielded once.
    for await (const acl of itemsOf(pages, (p) => p.WebACLs)) if (acl.ARN && !seen.has(acl.ARN) && seen.add(acl.ARN)) yield { ...acl, Scope };
  }
}

export default defineCollector<WebAcl>({
  id: 'aws-wafv2-web-acl',
  resourceType: 'aws.wafv2.web-acl',
  provider: 'aws',
  service: 'wafv2',
  scope: 'regional',
  title: 'WAFv2 web ACLs and what they protect',
  permissions: ['wafv2:ListWebACLs'],
  triggers: ['CreateWebACL', 'UpdateWebACL', 'DeleteWebACL', 'AssociateWebACL', 'DisassociateWebACL'],
  list: read,
  hydrate: {
    // CloudFront distributions name their web ACL themselves; only regional ACLs list their resources.
    resources: {
      permissions: ['wafv2:ListResourcesForWebACL'],
      fetch: async (raw, ctx) =>
        raw.Scope === 'REGIONAL' ? ((await waf(ctx).send(new ListResourcesForWebACLCommand({ WebACLArn: raw.ARN }))).ResourceArns ?? []) : [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.ARN ?? '';
    const resource = record(ctx, { type: 'aws.wafv2.web-acl', id, name: raw.Name, config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'protects', (hydrated.resources as string[] | undefined) ?? []) };
  },
  fixtures: [
    {
      // From cloud-custodian test_rest_stage_wafv2 (ListWebACLs_3), protecting an API stage.
      name: 'regional ACL protecting an API Gateway stage',
      raw: {
        Id: '791f9fc9-16bb-4d32-8f6a-b55e9b6f11c8b7',
        Name: 'testv2',
        ARN: 'arn:aws:wafv2:us-east-1:1234567890:regional/webacl/test/791f9fc9-16bb-4d32-8f6a-b55e9b6f11c8',
        Scope: 'REGIONAL',
      },
      hydrated: { resources: ['arn:aws:apigateway:us-east-1::/restapis/643zr8zh9h/stages/prod'] },
      expect: { name: 'testv2', config: { Scope: 'REGIONAL' } },
      expectEdges: [
        {
          from: 'arn:aws:wafv2:us-east-1:1234567890:regional/webacl/test/791f9fc9-16bb-4d32-8f6a-b55e9b6f11c8',
          kind: 'protects',
          to: 'arn:aws:apigateway:us-east-1::/restapis/643zr8zh9h/stages/prod',
        },
      ],
    },
  ],
});
