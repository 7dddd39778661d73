import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.inspector2.status',
  provider: 'aws',
  service: 'inspector2',
  title: 'Inspector2 status',
  description: 'Amazon Inspector status for this account and region.',
  scope: 'regional',
  summaryFields: ['state.status'],
});
