import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.iam.credential-report',
  provider: 'aws',
  service: 'iam',
  title: 'IAM credential report',
  description: 'The parsed IAM credential report, one row per user including the root account.',
  scope: 'global',
  summaryFields: ['GeneratedTime'],
});
