import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.instance',
  provider: 'aws',
  service: 'ec2',
  title: 'EC2 instance',
  description: 'An EC2 virtual machine with its metadata options, instance profile, network interfaces and volumes.',
  scope: 'regional',
  summaryFields: ['InstanceType', 'State.Name', 'PublicIpAddress', 'MetadataOptions.HttpTokens'],
});
