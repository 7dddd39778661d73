import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.logs.log-group',
  provider: 'aws',
  service: 'logs',
  title: 'CloudWatch Logs log group',
  description: 'A CloudWatch Logs log group with its metric filters.',
  scope: 'regional',
  summaryFields: ['retentionInDays', 'kmsKeyId'],
});
