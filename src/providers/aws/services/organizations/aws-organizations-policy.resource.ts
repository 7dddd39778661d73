import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.organizations.policy',
  provider: 'aws',
  service: 'organizations',
  title: 'Service control policy',
  description: 'A service control policy with its content and targets.',
  scope: 'global',
  summaryFields: ['Name', 'AwsManaged'],
});
