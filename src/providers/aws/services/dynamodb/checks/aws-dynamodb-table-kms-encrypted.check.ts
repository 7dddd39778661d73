import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-dynamodb-table-kms-encrypted',
    title: 'DynamoDB table is encrypted with a KMS key',
    resourceType: 'aws.dynamodb.table',
    severity: 'low',
    risk: 'Tables on the default AWS owned key cannot have key use audited in CloudTrail or access cut off by disabling the key.',
    remediation: 'Switch the table encryption to an AWS managed or customer managed KMS key.',
    compliance: [nist('SC-12'), nist('SC-28(1)'), pci('3.5.1'), pci('3.6.1')],
    test: (c) => c.SSEDescription?.Status === 'ENABLED' && c.SSEDescription?.SSEType === 'KMS',
    problem: () => 'table uses the AWS owned key only',
    good: { TableName: 't', SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' } },
    bad: { TableName: 't' },
  }),
);
