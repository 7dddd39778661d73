import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.policy',
  provider: 'aws',
  service: 'iam',
  title: 'IAM managed policy',
  description: 'A managed policy with its default version document.',
  scope: 'global',
  summaryFields: ['AttachmentCount', 'DefaultVersionId'],
});
