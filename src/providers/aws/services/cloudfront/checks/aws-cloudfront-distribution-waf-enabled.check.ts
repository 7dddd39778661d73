import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-waf-enabled',
    title: 'CloudFront distribution is protected by AWS WAF',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'medium',
    risk: 'Without a web ACL the distribution forwards injection, scanner and bot traffic to the origin.',
    remediation: 'Associate a WAF web ACL (global scope) with the distribution.',
    compliance: [nist('SC-7'), nist('SC-5'), pci('6.4.2')],
    test: (c) => !!c.WebACLId,
    problem: () => 'no WAF web ACL is associated',
    good: { WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/main/1' },
    bad: { WebACLId: '' },
  }),
);
