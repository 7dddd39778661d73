import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-sns-topic-encrypted',
    title: 'SNS topic encrypts messages at rest',
    resourceType: 'aws.sns.topic',
    severity: 'medium',
    risk: 'Messages held by an unencrypted topic are stored in the clear.',
    remediation: 'Set a KMS key on the topic (KmsMasterKeyId).',
    compliance: [nist('SC-28'), nist('SC-28(1)'), pci('3.5.1')],
    test: (c) => !!c.KmsMasterKeyId,
    problem: () => 'topic is not encrypted with KMS',
    good: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', KmsMasterKeyId: 'alias/aws/sns' },
    bad: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' },
  }),
);
