import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-origin-https',
    title: 'CloudFront distribution reaches custom origins over HTTPS only',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'medium',
    risk: 'Traffic between CloudFront and an HTTP origin crosses the internet unencrypted, even when viewers use HTTPS.',
    remediation: 'Set OriginProtocolPolicy to https-only for every custom origin.',
    compliance: [nist('SC-8'), nist('SC-8(1)'), pci('4.2.1')],
    test: (c) => (c.Origins?.Items ?? []).every((o: any) => !o.CustomOriginConfig || o.CustomOriginConfig.OriginProtocolPolicy === 'https-only'),
    problem: () => 'a custom origin is reached over HTTP',
    good: { Origins: { Items: [{ Id: 'alb', DomainName: 'alb.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }] } },
    bad: { Origins: { Items: [{ Id: 'alb', DomainName: 'alb.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'match-viewer' } }] } },
  }),
);
