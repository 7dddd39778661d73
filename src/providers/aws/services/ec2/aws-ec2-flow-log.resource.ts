import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.flow-log',
  provider: 'aws',
  service: 'ec2',
  title: 'Flow log',
  description: 'A VPC flow-log configuration.',
  scope: 'regional',
  summaryFields: ['ResourceId', 'TrafficType', 'LogDestinationType'],
});
