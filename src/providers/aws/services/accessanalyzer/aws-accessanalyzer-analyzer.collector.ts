import { AccessAnalyzerClient, type AnalyzerSummary, paginateListAnalyzers, paginateListFindings } from '@aws-sdk/client-accessanalyzer';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, flatTags, itemsOf, record } from '../common.js';

const aa = (ctx: CollectContext) => ctx.client(AccessAnalyzerClient);

export default defineCollector<AnalyzerSummary>({
  id: 'aws-accessanalyzer-analyzer',
  resourceType: 'aws.accessanalyzer.analyzer',
  provider: 'aws',
  service: 'accessanalyzer',
  scope: 'regional',
  title: 'IAM Access Analyzer analyzers with their active findings',
  permissions: ['access-analyzer:ListAnalyzers'],
  triggers: ['CreateAnalyzer', 'DeleteAnalyzer'],
  list: (ctx) => itemsOf(paginateListAnalyzers({ client: aa(ctx) }, {}), (p) => p.analyzers),
  hydrate: {
    findings: {
      permissions: ['access-analyzer:ListFindings'],
      fetch: (raw, ctx) =>
        collectAll(itemsOf(paginateListFindings({ client: aa(ctx) }, { analyzerArn: raw.arn, filter: { status: { eq: ['ACTIVE'] } } }), (p) => p.findings)),
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.accessanalyzer.analyzer',
      id: raw.arn ?? '',
      name: raw.name,
      tags: flatTags(raw.tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_account_access_analyzer_filter (ListAnalyzers_1).
      name: 'active account analyzer with one public bucket finding',
      raw: {
        arn: 'arn:aws:access-analyzer:us-east-1:0123456789012:analyzer/ConsoleAnalyzer-d534345f-499c-43bd-bbcc-dd637ab352d2',
        name: 'ConsoleAnalyzer-d534345f-499c-43bd-bbcc-dd637ab352d2',
        status: 'ACTIVE',
        tags: {},
        type: 'ACCOUNT',
        createdAt: new Date('2020-01-01T00:00:00Z'),
      },
      hydrated: { findings: [{ id: 'f1', resource: 'arn:aws:s3:::acme-public', resourceType: 'AWS::S3::Bucket', isPublic: true, status: 'ACTIVE' }] },
      expect: { name: 'ConsoleAnalyzer-d534345f-499c-43bd-bbcc-dd637ab352d2', config: { type: 'ACCOUNT', findings: [{ isPublic: true }] } },
    },
  ],
});
