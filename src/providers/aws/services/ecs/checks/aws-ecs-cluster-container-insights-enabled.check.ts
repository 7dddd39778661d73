import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecs-cluster-container-insights-enabled',
    title: 'ECS cluster has Container Insights enabled',
    resourceType: 'aws.ecs.cluster',
    severity: 'low',
    risk: 'Without Container Insights, resource abuse (crypto-mining) and failing tasks are hard to spot.',
    remediation: 'Enable the containerInsights cluster setting.',
    compliance: [nist('SI-4'), nist('CA-7'), pci('10.2.1')],
    test: (c) => (c.settings ?? []).some((s: any) => s.name === 'containerInsights' && (s.value === 'enabled' || s.value === 'enhanced')),
    problem: () => 'Container Insights is disabled',
    good: { settings: [{ name: 'containerInsights', value: 'enabled' }] },
    bad: { settings: [{ name: 'containerInsights', value: 'disabled' }] },
  }),
);
