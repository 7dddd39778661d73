import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-elb-load-balancer-access-logging',
    title: 'Classic load balancer access logging is enabled',
    resourceType: 'aws.elb.load-balancer',
    severity: 'low',
    risk: 'Without access logs, requests that probed or exploited the application leave no trace.',
    remediation: 'Enable access logs in the load balancer attributes.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    needs: ['attributes'],
    test: (c) => c.attributes?.AccessLog?.Enabled === true,
    problem: () => 'access logging is disabled',
    good: { attributes: { AccessLog: { Enabled: true, S3BucketName: 'logs' } } },
    bad: { attributes: { AccessLog: { Enabled: false } } },
  }),
);
