import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.organizations.delegated-administrator',
  provider: 'aws',
  service: 'organizations',
  title: 'Delegated administrator',
  description: 'An account delegated to administer AWS services for the organisation.',
  scope: 'global',
  summaryFields: ['Status', 'services'],
});
