import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-eks-cluster-secrets-encrypted',
    title: 'EKS cluster encrypts Kubernetes secrets with KMS',
    resourceType: 'aws.eks.cluster',
    severity: 'medium',
    risk: 'Without envelope encryption, Kubernetes secrets sit in etcd protected only by the default volume encryption.',
    remediation: 'Associate a KMS key for secrets encryption (aws eks associate-encryption-config).',
    compliance: [nist('SC-28'), nist('SC-12'), pci('3.5.1'), pci('8.3.2')],
    test: (c) => (c.encryptionConfig ?? []).some((e: any) => (e.resources ?? []).includes('secrets')),
    problem: () => 'Kubernetes secrets are not envelope-encrypted',
    good: { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' } }] },
    bad: { encryptionConfig: [] },
  }),
);
