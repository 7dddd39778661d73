import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-s3-origin-access-restricted',
    title: 'CloudFront S3 origins use origin access control (or identity)',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'medium',
    risk: 'An S3 origin without OAC/OAI must be readable publicly, so viewers can bypass CloudFront (and its WAF, geo and signed-URL rules).',
    remediation: 'Create an origin access control, attach it to each S3 origin and limit the bucket policy to the distribution.',
    compliance: [nist('AC-3'), nist('SC-7'), pci('1.4.4'), pci('7.2.1')],
    applies: (c) => ((c.Origins?.Items ?? []).some((o: any) => o.S3OriginConfig) ? undefined : 'no S3 origins'),
    test: (c) =>
      (c.Origins?.Items ?? []).filter((o: any) => o.S3OriginConfig).every((o: any) => !!o.OriginAccessControlId || !!o.S3OriginConfig.OriginAccessIdentity),
    problem: () => 'an S3 origin has neither origin access control nor identity',
    good: { Origins: { Items: [{ Id: 's3', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: 'E2ABC' }] } },
    bad: { Origins: { Items: [{ Id: 's3', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: '' }] } },
    na: { Origins: { Items: [{ Id: 'alb', CustomOriginConfig: {} }] } },
  }),
);
