import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-inspector2-enabled',
  title: 'Amazon Inspector scans EC2 instances and ECR images in the region',
  provider: 'aws',
  resourceType: 'aws.inspector2.status',
  severity: 'medium',
  risk: 'Without Inspector, known-vulnerable packages on instances and in container images go unnoticed until exploited.',
  remediation: { text: 'Enable Amazon Inspector EC2 and ECR scanning (from the delegated administrator for the organisation).' },
  compliance: [nist('RA-5'), nist('SI-2'), pci('6.3.3'), pci('11.3.1')],
  evaluate(r, ctx) {
    if (ctx.account?.orgEnabled?.has(`inspector2:${r.region}`)) return pass({ via: 'organisation' });
    const rs = r.config.resourceState ?? {};
    const off = ['ec2', 'ecr'].filter((k) => rs[k]?.status !== 'ENABLED');
    return off.length ? fail(`Inspector scanning is off for ${off.join(', ')}`, { resourceState: rs }) : pass();
  },
  fixtures: [
    fx('both enabled', { state: { status: 'ENABLED' }, resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' } } }, 'pass'),
    fx('ECR scanning off', { state: { status: 'ENABLED' }, resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'DISABLED' } } }, 'fail'),
    fx('never enabled', { state: { status: 'DISABLED' } }, 'fail'),
  ],
});
