import {
  paginateListResolverQueryLogConfigAssociations,
  paginateListResolverQueryLogConfigs,
  type ResolverQueryLogConfig,
  type ResolverQueryLogConfigAssociation,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, ec2Arn, edges, itemsOf, record } from '../common.js';

const resolver = (ctx: CollectContext) => ctx.client(Route53ResolverClient);

export type QueryLogConfig = ResolverQueryLogConfig & { associations: ResolverQueryLogConfigAssociation[] };

/** One association listing for the region, grouped by config: which VPCs each configuration logs. */
async function* read(ctx: CollectContext): AsyncIterable<QueryLogConfig> {
  const configs = await collectAll(itemsOf(paginateListResolverQueryLogConfigs({ client: resolver(ctx) }, {}), (p) => p.ResolverQueryLogConfigs));
  if (!configs.length) return;
  const assoc = await collectAll(
    itemsOf(paginateListResolverQueryLogConfigAssociations({ client: resolver(ctx) }, {}), (p) => p.ResolverQueryLogConfigAssociations),
  );
  for (const c of configs) yield { ...c, associations: assoc.filter((a) => a.ResolverQueryLogConfigId === c.Id) };
}

export default defineCollector<QueryLogConfig>({
  id: 'aws-route53resolver-query-log-config',
  resourceType: 'aws.route53resolver.query-log-config',
  provider: 'aws',
  service: 'route53resolver',
  scope: 'regional',
  title: 'Route 53 Resolver query-logging configurations',
  permissions: ['route53resolver:ListResolverQueryLogConfigs', 'route53resolver:ListResolverQueryLogConfigAssociations'],
  triggers: ['CreateResolverQueryLogConfig', 'DeleteResolverQueryLogConfig', 'AssociateResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource(raw, hydrated, ctx) {
    const id = raw.Arn ?? '';
    const resource = record(ctx, { type: 'aws.route53resolver.query-log-config', id, name: raw.Name, config: configOf(raw, hydrated) });
    return {
      resource,
      edges: edges(
        id,
        'logs',
        raw.associations.map((a) => a.ResourceId && ec2Arn(ctx, 'vpc', a.ResourceId)),
      ),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_resolver_query_log_config_associate_2 (ListResolverQueryLogConfigs_1), with its association.
      name: 'configuration logging one VPC to S3',
      raw: {
        Id: 'rqlc-01234567891234',
        OwnerId: '123456789012',
        Status: 'CREATED',
        ShareStatus: 'NOT_SHARED',
        AssociationCount: 1,
        Arn: 'arn:aws:route53resolver:us-west-2:123456789012:resolver-query-log-config/rqlc-01234567891234',
        Name: 'Test-rqlc-2',
        DestinationArn: 'arn:aws:s3:::test-logging-us-west-2/123456789012',
        CreationTime: '2022-03-29T19:04:52Z',
        associations: [{ Id: 'rqlca-1', ResolverQueryLogConfigId: 'rqlc-01234567891234', ResourceId: 'vpc-0e9eba9640a5398a2', Status: 'ACTIVE' }],
      },
      context: { region: 'us-west-2' },
      expect: { name: 'Test-rqlc-2', config: { DestinationArn: 'arn:aws:s3:::test-logging-us-west-2/123456789012' } },
      expectEdges: [
        {
          from: 'arn:aws:route53resolver:us-west-2:123456789012:resolver-query-log-config/rqlc-01234567891234',
          kind: 'logs',
          to: 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0e9eba9640a5398a2',
        },
      ],
    },
  ],
});
