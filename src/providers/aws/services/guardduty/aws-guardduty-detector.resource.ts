import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.guardduty.detector',
  provider: 'aws',
  service: 'guardduty',
  title: 'GuardDuty detector',
  description: 'A GuardDuty detector in a region.',
  scope: 'regional',
  summaryFields: ['Status'],
});
