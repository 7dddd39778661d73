import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-instance-not-publicly-addressed',
  title: 'EC2 instance has no public IP address',
  provider: 'aws',
  resourceType: 'aws.ec2.instance',
  severity: 'low',
  risk: 'A public address puts the instance one security-group rule away from the internet; most instances should sit behind a load balancer or NAT.',
  remediation: { text: 'Launch instances in private subnets (no auto-assigned public IP) and expose services through a load balancer.' },
  compliance: [nist('SC-7'), nist('SC-7(3)'), pci('1.4.4')],
  evaluate(r) {
    if (r.config.State?.Name === 'terminated') return notApplicable('instance is terminated');
    return r.config.PublicIpAddress ? fail(`instance has public IP ${r.config.PublicIpAddress}`, { publicIp: r.config.PublicIpAddress }) : pass();
  },
  fixtures: [
    fx('private only', { State: { Name: 'running' }, PrivateIpAddress: '10.0.1.5' }, 'pass'),
    fx('public address', { State: { Name: 'running' }, PublicIpAddress: '203.0.113.10' }, 'fail'),
    fx('terminated', { State: { Name: 'terminated' }, PublicIpAddress: '203.0.113.10' }, 'not-applicable'),
  ],
});
