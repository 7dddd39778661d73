import { type HostedZone, paginateListHostedZones, Route53Client } from '@aws-sdk/client-route-53';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, itemsOf, lastSegment, record } from '../common.js';

const r53 = (ctx: CollectContext) => ctx.client(Route53Client);

export default defineCollector<HostedZone>({
  id: 'aws-route53-hosted-zone',
  resourceType: 'aws.route53.hosted-zone',
  provider: 'aws',
  service: 'route53',
  scope: 'global',
  title: 'Route 53 hosted zones',
  permissions: ['route53:ListHostedZones'],
  triggers: ['CreateHostedZone', 'DeleteHostedZone', 'UpdateHostedZoneComment', 'AssociateVPCWithHostedZone', 'DisassociateVPCFromHostedZone'],
  list: (ctx) => itemsOf(paginateListHostedZones({ client: r53(ctx) }, {}), (p) => p.HostedZones),
  toResource: (raw, hydrated, ctx) => ({
    // Zone ids come as `/hostedzone/Z…`; the ARN is `arn:aws:route53:::hostedzone/Z…`.
    resource: record(ctx, {
      type: 'aws.route53.hosted-zone',
      id: `arn:${ctx.partition}:route53:::hostedzone/${lastSegment(raw.Id ?? '')}`,
      name: raw.Name,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_r53_resourcerecordset_remove (ListHostedZones_1).
      name: 'private zone',
      raw: {
        Id: '/hostedzone/Z0703663WE3WTQ3FAPIF',
        Name: 'subdomain.example.com.',
        CallerReference: '1560',
        Config: { PrivateZone: true },
        ResourceRecordSetCount: 4,
      },
      expect: {
        id: 'arn:aws:route53:::hostedzone/Z0703663WE3WTQ3FAPIF',
        name: 'subdomain.example.com.',
        region: 'global',
        config: { Config: { PrivateZone: true } },
      },
    },
  ],
});
