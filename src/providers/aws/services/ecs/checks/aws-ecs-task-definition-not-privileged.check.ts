import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecs-task-definition-not-privileged',
    title: 'ECS task definition runs no privileged containers',
    resourceType: 'aws.ecs.task-definition',
    severity: 'high',
    risk: 'A privileged container has root on the host: escaping to the instance and its other tasks is trivial.',
    remediation: 'Remove privileged: true and grant only the Linux capabilities the container needs.',
    compliance: [nist('AC-6'), nist('CM-7'), pci('2.2.6')],
    test: (c) => (c.containerDefinitions ?? []).every((d: any) => d.privileged !== true),
    problem: () => 'a container runs privileged',
    good: { containerDefinitions: [{ name: 'web', privileged: false }] },
    bad: { containerDefinitions: [{ name: 'agent', privileged: true }] },
  }),
);
