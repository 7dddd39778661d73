import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.elbv2.target-group',
  provider: 'aws',
  service: 'elbv2',
  title: 'Target group',
  description: 'An ELBv2 target group with its registered targets.',
  scope: 'regional',
  summaryFields: ['Protocol', 'Port', 'TargetType'],
});
