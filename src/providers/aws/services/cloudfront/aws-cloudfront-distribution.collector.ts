import { CloudFrontClient, type DistributionSummary, GetDistributionConfigCommand, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, itemsOf, record } from '../common.js';

const cf = (ctx: CollectContext) => ctx.client(CloudFrontClient);

/** `<bucket>.s3.amazonaws.com` / `<bucket>.s3.<region>.amazonaws.com` / `<bucket>.s3-website…` → the bucket's ARN. */
export function bucketOfOrigin(partition: string, domain: string | undefined): string | undefined {
  const m = domain && /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(domain);
  return m ? `arn:${partition}:s3:::${m[1]}` : undefined;
}

export default defineCollector<DistributionSummary>({
  id: 'aws-cloudfront-distribution',
  resourceType: 'aws.cloudfront.distribution',
  provider: 'aws',
  service: 'cloudfront',
  scope: 'global',
  title: 'CloudFront distributions',
  permissions: ['cloudfront:ListDistributions'],
  triggers: ['CreateDistribution', 'CreateDistributionWithTags', 'UpdateDistribution', 'DeleteDistribution'],
  list: (ctx) => itemsOf(paginateListDistributions({ client: cf(ctx) }, {}), (p) => p.DistributionList?.Items),
  hydrate: {
    config: {
      permissions: ['cloudfront:GetDistributionConfig'],
      fetch: async (raw, ctx) => (await cf(ctx).send(new GetDistributionConfigCommand({ Id: raw.Id }))).DistributionConfig ?? null,
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.ARN ?? `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${raw.Id}`;
    const resource = record(ctx, {
      type: 'aws.cloudfront.distribution',
      id,
      name: raw.DomainName ?? raw.Id,
      region: 'global',
      config: configOf(raw, hydrated),
    });
    return {
      resource,
      edges: edges(
        id,
        'origin',
        (raw.Origins?.Items ?? []).map((o) => bucketOfOrigin(ctx.partition, o.DomainName)),
      ),
    };
  },
  fixtures: [
    {
      // Id/ARN from cloud-custodian test_distribution_check_logging_enabled (ListDistributions_1), with an S3 origin.
      name: 'distribution serving a bucket over TLS 1.0',
      raw: {
        Id: 'E1FBPN9VF9FG4X',
        ARN: 'arn:aws:cloudfront::123456789012:distribution/E1FBPN9VF9FG4X',
        Status: 'InProgress',
        DomainName: 'd111111abcdef8.cloudfront.net',
        Comment: '',
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: 's3', DomainName: 'acme-assets.s3.amazonaws.com', OriginPath: '' }] },
        ViewerCertificate: { MinimumProtocolVersion: 'TLSv1' },
      } as DistributionSummary,
      expect: { id: 'arn:aws:cloudfront::123456789012:distribution/E1FBPN9VF9FG4X', region: 'global', name: 'd111111abcdef8.cloudfront.net' },
      expectEdges: [{ from: 'arn:aws:cloudfront::123456789012:distribution/E1FBPN9VF9FG4X', kind: 'origin', to: 'arn:aws:s3:::acme-assets' }],
    },
  ],
});
