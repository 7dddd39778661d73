import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ec2.launch-template',
  provider: 'aws',
  service: 'ec2',
  title: 'Launch template',
  description: 'A launch template with the data of its latest version.',
  scope: 'regional',
  summaryFields: ['LaunchTemplateName', 'LatestVersionNumber'],
});
