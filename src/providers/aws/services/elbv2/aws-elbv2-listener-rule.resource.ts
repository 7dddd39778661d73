import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.elbv2.listener-rule',
  provider: 'aws',
  service: 'elbv2',
  title: 'ELBv2 listener rule',
  description:
    'A rule of an Application Load Balancer listener: its conditions (host, path, header, source IP) and actions (forward, redirect, fixed response, authenticate with OIDC or Cognito).',
  scope: 'regional',
  summaryFields: ['Priority', 'IsDefault', 'ListenerArn'],
});
