import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.elastic-ip',
  provider: 'aws',
  service: 'ec2',
  title: 'Elastic IP',
  description: 'An Elastic IP address and what it is associated with.',
  scope: 'regional',
  summaryFields: ['PublicIp', 'InstanceId', 'NetworkInterfaceId'],
});
