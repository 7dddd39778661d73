import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-cloudwatch-logs-integrated',
  title: 'CloudTrail trail delivers to CloudWatch Logs',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'low',
  risk: 'Without delivery to CloudWatch Logs, metric filters and alarms on API activity (CIS section 4) cannot work.',
  remediation: { text: 'Configure the trail with a CloudWatch Logs log group and a role CloudTrail can use to write to it.' },
  compliance: [nist('AU-6'), nist('AU-6(1)'), nist('SI-4'), pci('10.4.1.1')],
  evaluate: (r) => (r.config.CloudWatchLogsLogGroupArn ? pass() : fail('trail does not deliver to CloudWatch Logs')),
  fixtures: [
    fx('compliant trail', { Name: 't', CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:ct:*' }, 'pass'),
    fx('non-compliant trail', { Name: 't' }, 'fail'),
  ],
});
