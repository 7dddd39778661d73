import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ecr.repository',
  provider: 'aws',
  service: 'ecr',
  title: 'ECR repository',
  description: 'An ECR repository with its policy, scan configuration and images.',
  scope: 'regional',
  summaryFields: ['imageTagMutability', 'imageScanningConfiguration.scanOnPush'],
});
