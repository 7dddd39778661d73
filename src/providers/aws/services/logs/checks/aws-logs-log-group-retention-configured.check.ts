import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-logs-log-group-retention-configured',
    title: 'CloudWatch log group has a retention period',
    resourceType: 'aws.logs.log-group',
    severity: 'low',
    risk: 'Logs kept forever accumulate personal data and secrets that were logged by mistake, and cost without bound.',
    remediation: 'Set a retention period that matches your policy (aws logs put-retention-policy).',
    compliance: [nist('AU-11'), nist('SI-12'), pci('10.5.1')],
    test: (c) => !!c.retentionInDays,
    problem: () => 'log group never expires events',
    good: { logGroupName: '/app', retentionInDays: 400 },
    bad: { logGroupName: '/app' },
  }),
);
