import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-logs-log-group-kms-encrypted',
    title: 'CloudWatch log group is encrypted with a KMS key',
    resourceType: 'aws.logs.log-group',
    severity: 'low',
    risk: 'Log events encrypted only with the service key cannot have access audited or revoked through a key policy.',
    remediation: 'Associate a customer managed KMS key with the log group (aws logs associate-kms-key).',
    compliance: [nist('SC-28'), nist('AU-9'), pci('10.3.2'), pci('3.5.1')],
    test: (c) => !!c.kmsKeyId,
    problem: () => 'log group is not encrypted with a KMS key',
    good: { logGroupName: '/app', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    bad: { logGroupName: '/app' },
  }),
);
