import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-logging-enabled',
    title: 'CloudFront distribution access logging is enabled',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'low',
    risk: 'Without access logs, requests that probed the site or pulled data through the CDN leave no trace.',
    remediation: 'Enable standard logging (or real-time logs) for the distribution.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    needs: ['config'],
    test: (c) => c.config?.Logging?.Enabled === true,
    problem: () => 'access logging is disabled',
    good: { config: { Logging: { Enabled: true, Bucket: 'logs.s3.amazonaws.com' } } },
    bad: { config: { Logging: { Enabled: false } } },
  }),
);
