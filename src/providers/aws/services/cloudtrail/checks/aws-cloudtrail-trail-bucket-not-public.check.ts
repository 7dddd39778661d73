import { nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { type Cfg, bucketPublicReasons, missingHydrated } from '../../../checks-common.js';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main';
const BUCKET = 'arn:aws:s3:::trail-logs';
export const trailBucket = (config: Cfg): ResourceRecord => ({
  id: BUCKET,
  type: 'aws.s3.bucket',
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: 'trail-logs',
  tags: {},
  config,
});
export const logsTo = [{ from: TRAIL, to: BUCKET, kind: 'logs-to' }];

export default defineCheck({
  id: 'aws-cloudtrail-trail-bucket-not-public',
  title: "CloudTrail trail's S3 bucket is not publicly accessible",
  description: 'Graph check: follows the logs-to edge to the bucket. A bucket outside the inventory (another account) is not applicable here.',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'critical',
  scope: 'graph',
  risk: "A public log bucket hands the account's full API history — resource names, principals, source IPs — to anyone, and may let them tamper with it.",
  remediation: { text: 'Remove public ACL grants and public policy statements from the log bucket and enable Block Public Access on it.' },
  compliance: [nist('AU-9'), nist('AC-3'), pci('10.3.2'), pci('1.4.4')],
  evaluate(r, ctx) {
    const bucket = ctx.graph.neighbours(r.id, { kind: 'logs-to', direction: 'out' }).find((b) => b.type === 'aws.s3.bucket');
    if (!bucket) return notApplicable('trail bucket is not in the inventory (another account?)');
    const missing = missingHydrated(bucket as { config: Cfg }, ['acl', 'policy', 'publicAccessBlock']);
    if (missing) return missing;
    const reasons = bucketPublicReasons(bucket.config as Cfg);
    return reasons.length ? fail(`trail bucket ${bucket.name} is public: ${reasons.join(', ')}`, { bucket: bucket.id, reasons }) : pass({ bucket: bucket.id });
  },
  fixtures: [
    {
      name: 'private bucket',
      resource: { id: TRAIL, config: { S3BucketName: 'trail-logs' } },
      related: { resources: [trailBucket({ acl: { Grants: [] }, policy: null, publicAccessBlock: null })], edges: logsTo },
      expect: 'pass',
    },
    {
      name: 'bucket readable by everyone',
      resource: { id: TRAIL, config: { S3BucketName: 'trail-logs' } },
      related: {
        resources: [
          trailBucket({
            acl: { Grants: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
            policy: null,
            publicAccessBlock: null,
          }),
        ],
        edges: logsTo,
      },
      expect: 'fail',
    },
    { name: 'bucket in another account', resource: { id: TRAIL, config: { S3BucketName: 'central-logs' } }, expect: 'not-applicable' },
    {
      name: 'bucket ACL unreadable',
      resource: { id: TRAIL, config: {} },
      related: { resources: [trailBucket({ policy: null, publicAccessBlock: null, _errors: { acl: 'access-denied' } })], edges: logsTo },
      expect: 'error',
    },
  ],
});
