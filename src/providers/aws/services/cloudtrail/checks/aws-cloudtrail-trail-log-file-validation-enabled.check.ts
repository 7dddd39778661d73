import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-log-file-validation-enabled',
  title: 'CloudTrail trail has log file validation enabled',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'medium',
  risk: 'Without digest files, deleted or altered log files cannot be detected, so the audit trail cannot be trusted after an intrusion.',
  remediation: { text: 'Enable log file validation on the trail (aws cloudtrail update-trail --enable-log-file-validation).' },
  compliance: [cis('3.2'), nist('AU-9'), nist('AU-10'), nist('SI-7(1)'), pci('10.3.2'), pci('10.3.4')],
  evaluate: (r) => (r.config.LogFileValidationEnabled === true ? pass() : fail('log file validation is disabled')),
  fixtures: [
    fx('compliant trail', { Name: 't', LogFileValidationEnabled: true }, 'pass'),
    fx('non-compliant trail', { Name: 't', LogFileValidationEnabled: false }, 'fail'),
  ],
});
