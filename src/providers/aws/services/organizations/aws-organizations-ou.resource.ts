import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.organizations.ou',
  provider: 'aws',
  service: 'organizations',
  title: 'Organizational unit',
  description: 'An organisational unit.',
  scope: 'global',
  summaryFields: ['Name'],
});
