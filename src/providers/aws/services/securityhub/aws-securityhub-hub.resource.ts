import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.securityhub.hub',
  provider: 'aws',
  service: 'securityhub',
  title: 'Security Hub',
  description: 'Security Hub in a region with its enabled standards.',
  scope: 'regional',
  summaryFields: ['SubscribedAt'],
});
