import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.organizations.account',
  provider: 'aws',
  service: 'organizations',
  title: 'Organizations account',
  description: 'A member account of the organisation and its OU.',
  scope: 'global',
  summaryFields: ['Status', 'Email'],
});
