import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecr-repository-tags-immutable',
    title: 'ECR repository has immutable image tags',
    resourceType: 'aws.ecr.repository',
    severity: 'medium',
    risk: 'With mutable tags, anyone with push access can silently replace the image a tag like "prod" points at.',
    remediation: 'Set the repository tag mutability to IMMUTABLE and deploy by digest.',
    compliance: [nist('CM-3'), nist('SI-7'), pci('6.3.3'), pci('11.5.2')],
    test: (c) => String(c.imageTagMutability ?? '').startsWith('IMMUTABLE'),
    problem: () => 'image tags are mutable',
    good: { imageTagMutability: 'IMMUTABLE' },
    bad: { imageTagMutability: 'MUTABLE' },
  }),
);
