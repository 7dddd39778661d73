import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.internet-gateway',
  provider: 'aws',
  service: 'ec2',
  title: 'Internet gateway',
  description: 'An internet gateway and the VPCs it is attached to.',
  scope: 'regional',
  summaryFields: ['InternetGatewayId'],
});
