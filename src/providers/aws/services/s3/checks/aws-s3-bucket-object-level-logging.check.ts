import { cis, nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheckFamily, fail, pass } from '../../../../../core/units/check.js';
import { type Cfg, trailLogsS3Objects } from '../../../checks-common.js';

const MODES = [
  { mode: 'write' as const, cis: cis('3.8') },
  { mode: 'read' as const, cis: cis('3.9') },
];

const trail = (selectors: Cfg, logging = true): ResourceRecord => ({
  id: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
  type: 'aws.cloudtrail.trail',
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: 'main',
  tags: {},
  config: { Name: 'main', IsMultiRegionTrail: true, status: { IsLogging: logging }, eventSelectors: selectors },
});
const bucket = { config: { Name: 'payroll' } };

export default defineCheckFamily({
  id: 'aws-s3-bucket-object-level-logging',
  variants: MODES,
  check: (v) => ({
    id: `aws-s3-bucket-object-${v.mode}-logging-enabled`,
    title: `S3 object-level ${v.mode} events of the bucket are logged by CloudTrail`,
    description: 'Graph check: looks for a logging trail in the account whose event selectors record S3 data events for this bucket.',
    provider: 'aws',
    resourceType: 'aws.s3.bucket',
    severity: 'low',
    scope: 'graph',
    risk: `Without object-level ${v.mode} logging nobody can tell which objects were ${v.mode === 'read' ? 'read (exfiltrated)' : 'changed or deleted'} and by whom.`,
    remediation: {
      text: `Add an S3 data-event selector (${v.mode === 'read' ? 'ReadOnly' : 'WriteOnly'} or All) for this bucket, or all buckets, to a multi-region trail.`,
    },
    compliance: [v.cis, nist('AU-2'), nist('AU-12'), nist('AU-3'), pci('10.2.1'), pci('10.2.2')],
    evaluate(r, ctx) {
      const trails = ctx.graph.byType('aws.cloudtrail.trail', { account: r.account });
      const covering = trails.filter((t) => {
        const c = t.config as Cfg;
        return c.status?.IsLogging !== false && trailLogsS3Objects(c.eventSelectors, String(r.config.Name), v.mode);
      });
      return covering.length
        ? pass({ trails: covering.map((t) => t.id) })
        : fail(`no logging trail records S3 object ${v.mode} events for this bucket`, { trails: trails.length });
    },
    fixtures: [
      {
        name: 'all buckets, all events',
        resource: bucket,
        related: { resources: [trail({ EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] })] },
        expect: 'pass',
      },
      {
        name: 'advanced selector for this bucket',
        resource: bucket,
        related: {
          resources: [
            trail({
              AdvancedEventSelectors: [
                {
                  FieldSelectors: [
                    { Field: 'eventCategory', Equals: ['Data'] },
                    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
                    { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::payroll/'] },
                  ],
                },
              ],
            }),
          ],
        },
        expect: 'pass',
      },
      {
        name: `only the other direction logged`,
        resource: bucket,
        related: {
          resources: [
            trail({
              EventSelectors: [
                { ReadWriteType: v.mode === 'read' ? 'WriteOnly' : 'ReadOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::'] }] },
              ],
            }),
          ],
        },
        expect: 'fail',
      },
      {
        name: 'another bucket only',
        resource: bucket,
        related: {
          resources: [trail({ EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::other/'] }] }] })],
        },
        expect: 'fail',
      },
      { name: 'no trail', resource: bucket, expect: 'fail' },
    ],
  }),
});
