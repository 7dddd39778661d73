import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-https-only',
    title: 'CloudFront distribution serves viewers over HTTPS only',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'medium',
    risk: 'Behaviours that allow HTTP let viewers fetch content and send cookies unencrypted, open to interception and tampering.',
    remediation: 'Set ViewerProtocolPolicy to redirect-to-https or https-only on the default and every cache behaviour.',
    compliance: [nist('SC-8'), nist('SC-8(1)'), pci('4.2.1')],
    test: (c) => [c.DefaultCacheBehavior, ...(c.CacheBehaviors?.Items ?? [])].filter(Boolean).every((b: any) => b.ViewerProtocolPolicy !== 'allow-all'),
    problem: () => 'a cache behaviour allows plain HTTP (allow-all)',
    good: {
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      CacheBehaviors: { Items: [{ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' }] },
    },
    bad: {
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      CacheBehaviors: { Items: [{ PathPattern: '/img/*', ViewerProtocolPolicy: 'allow-all' }] },
    },
  }),
);
