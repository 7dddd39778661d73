import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.network-interface',
  provider: 'aws',
  service: 'ec2',
  title: 'Network interface',
  description: 'An elastic network interface (ENI) and what it is attached to.',
  scope: 'regional',
  summaryFields: ['InterfaceType', 'PrivateIpAddress', 'Association.PublicIp', 'Status'],
});
