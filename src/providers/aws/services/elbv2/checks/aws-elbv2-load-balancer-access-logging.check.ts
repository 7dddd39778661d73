import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { attributeMap } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-elbv2-load-balancer-access-logging',
    title: 'Load balancer access logging is enabled',
    resourceType: 'aws.elbv2.load-balancer',
    severity: 'low',
    risk: 'Without access logs, requests that probed or exploited the application behind the load balancer leave no trace.',
    remediation: 'Enable access logs (attribute access_logs.s3.enabled=true) to an S3 bucket.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    needs: ['attributes'],
    test: (c) => attributeMap(c.attributes)['access_logs.s3.enabled'] === 'true',
    problem: () => 'access logging is disabled',
    good: { attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] },
    bad: { attributes: [{ Key: 'access_logs.s3.enabled', Value: 'false' }] },
  }),
);
