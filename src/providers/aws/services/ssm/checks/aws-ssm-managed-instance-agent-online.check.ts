import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ssm-managed-instance-agent-online',
    title: 'SSM agent on the managed instance is online',
    resourceType: 'aws.ssm.managed-instance',
    severity: 'low',
    risk: 'An offline agent means no patching, inventory or Session Manager access for the host, and its software inventory goes stale.',
    remediation: 'Check the instance role (AmazonSSMManagedInstanceCore), network path to the SSM endpoints and the agent service.',
    compliance: [nist('CM-8'), nist('SI-2'), pci('12.5.1')],
    test: (c) => c.PingStatus === 'Online',
    problem: (c) => `SSM agent is ${c.PingStatus ?? 'unknown'}`,
    good: { InstanceId: 'i-1', PingStatus: 'Online' },
    bad: { InstanceId: 'i-1', PingStatus: 'ConnectionLost' },
  }),
);
