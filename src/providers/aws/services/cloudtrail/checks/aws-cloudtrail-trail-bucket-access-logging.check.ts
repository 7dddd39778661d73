import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { missingHydrated } from '../../../checks-common.js';
import { logsTo, trailBucket } from './aws-cloudtrail-trail-bucket-not-public.check.js';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main';

export default defineCheck({
  id: 'aws-cloudtrail-trail-bucket-access-logging',
  title: "CloudTrail trail's S3 bucket has server access logging enabled",
  description: 'Graph check: follows the logs-to edge to the bucket.',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'low',
  scope: 'graph',
  risk: 'Without access logs on the log bucket, nobody can tell who read or deleted the audit trail.',
  remediation: { text: 'Enable server access logging on the trail bucket, delivering to a separate bucket.' },
  compliance: [cis('3.4'), nist('AU-9'), nist('AU-2'), pci('10.2.1'), pci('10.3.2')],
  evaluate(r, ctx) {
    const bucket = ctx.graph.neighbours(r.id, { kind: 'logs-to', direction: 'out' }).find((b) => b.type === 'aws.s3.bucket');
    if (!bucket) return notApplicable('trail bucket is not in the inventory (another account?)');
    const missing = missingHydrated(bucket as { config: Record<string, unknown> }, ['logging']);
    if (missing) return missing;
    return (bucket.config as { logging?: { TargetBucket?: string } | null }).logging?.TargetBucket
      ? pass({ bucket: bucket.id })
      : fail(`trail bucket ${bucket.name} has no access logging`, { bucket: bucket.id });
  },
  fixtures: [
    {
      name: 'logged',
      resource: { id: TRAIL, config: {} },
      related: { resources: [trailBucket({ logging: { TargetBucket: 'access-logs' } })], edges: logsTo },
      expect: 'pass',
    },
    { name: 'not logged', resource: { id: TRAIL, config: {} }, related: { resources: [trailBucket({ logging: null })], edges: logsTo }, expect: 'fail' },
    { name: 'bucket elsewhere', resource: { id: TRAIL, config: {} }, expect: 'not-applicable' },
    {
      name: 'logging unreadable',
      resource: { id: TRAIL, config: {} },
      related: { resources: [trailBucket({ _errors: { logging: 'access-denied' } })], edges: logsTo },
      expect: 'error',
    },
  ],
});
