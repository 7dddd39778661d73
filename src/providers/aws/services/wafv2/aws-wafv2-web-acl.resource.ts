import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.wafv2.web-acl',
  provider: 'aws',
  service: 'wafv2',
  title: 'WAFv2 web ACL',
  description: 'A WAFv2 web ACL and the resources it protects.',
  scope: 'regional',
  summaryFields: ['Name'],
});
