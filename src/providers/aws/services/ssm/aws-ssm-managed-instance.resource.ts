import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ssm.managed-instance',
  provider: 'aws',
  service: 'ssm',
  title: 'SSM managed instance',
  description: 'A node managed by Systems Manager, with its application inventory.',
  scope: 'regional',
  summaryFields: ['PingStatus', 'PlatformName', 'AgentVersion'],
});
