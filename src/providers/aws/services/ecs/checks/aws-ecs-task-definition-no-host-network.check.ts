import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecs-task-definition-no-host-network',
    title: 'ECS task definition does not use host networking',
    resourceType: 'aws.ecs.task-definition',
    severity: 'medium',
    risk: 'Host networking removes the network isolation between the task and the instance, exposing host services and the instance metadata endpoint.',
    remediation: 'Use the awsvpc (or bridge) network mode.',
    compliance: [nist('SC-7'), nist('AC-4'), pci('1.3.1')],
    test: (c) => c.networkMode !== 'host',
    problem: () => 'task uses the host network mode',
    good: { networkMode: 'awsvpc' },
    bad: { networkMode: 'host' },
  }),
);
