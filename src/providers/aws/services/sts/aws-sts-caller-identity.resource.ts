import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.sts.caller-identity',
  provider: 'aws',
  service: 'sts',
  title: 'Caller identity',
  description: 'Who the scan ran as in this account.',
  scope: 'global',
  summaryFields: ['Arn'],
});
