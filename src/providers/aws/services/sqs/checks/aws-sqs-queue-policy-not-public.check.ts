import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-sqs-queue-policy-not-public',
    title: 'SQS queue policy does not grant access to any principal',
    resourceType: 'aws.sqs.queue',
    severity: 'high',
    risk: 'Any AWS account can send, read or delete messages: data leaks out and forged messages flow in.',
    remediation: 'Name the allowed principals in the queue policy or add aws:SourceArn / aws:SourceAccount conditions.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1')],
    key: 'Policy',
    hydrated: false,
  }),
);
