import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecs-service-no-public-ip',
    title: 'ECS service does not assign public IPs to tasks',
    resourceType: 'aws.ecs.service',
    severity: 'medium',
    risk: 'Tasks with public IPs are directly reachable from the internet whenever their security group allows it.',
    remediation: 'Set assignPublicIp to DISABLED and reach the internet through a NAT gateway; expose services through a load balancer.',
    compliance: [nist('SC-7'), pci('1.4.4')],
    test: (c) => c.networkConfiguration?.awsvpcConfiguration?.assignPublicIp !== 'ENABLED',
    problem: () => 'tasks get public IP addresses',
    good: { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'DISABLED' } } },
    bad: { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } },
  }),
);
