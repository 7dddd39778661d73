import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-sqs-queue-encrypted',
    title: 'SQS queue encrypts messages at rest',
    resourceType: 'aws.sqs.queue',
    severity: 'medium',
    risk: 'Messages sitting in an unencrypted queue are stored in the clear.',
    remediation: 'Enable SSE-SQS or SSE-KMS on the queue (SqsManagedSseEnabled=true or KmsMasterKeyId).',
    compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => c.SqsManagedSseEnabled === 'true' || c.SqsManagedSseEnabled === true || !!c.KmsMasterKeyId,
    problem: () => 'queue is not encrypted',
    good: [{ SqsManagedSseEnabled: 'true' }, { KmsMasterKeyId: 'alias/aws/sqs' }],
    bad: { SqsManagedSseEnabled: 'false' },
  }),
);
