import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.cloudwatch.alarm',
  provider: 'aws',
  service: 'cloudwatch',
  title: 'CloudWatch alarm',
  description: 'A CloudWatch metric alarm.',
  scope: 'regional',
  summaryFields: ['MetricName', 'StateValue'],
});
