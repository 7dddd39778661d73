import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-security-group-default-restricts-all',
  title: "VPC's default security group allows no inbound or outbound traffic",
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'medium',
  risk: 'Resources launched without an explicit group land in the default one; rules there silently open them to each other or the world.',
  remediation: { text: 'Remove every inbound and outbound rule from the default security group of each VPC and use purpose-built groups instead.' },
  compliance: [cis('5.5'), nist('SC-7'), nist('SC-7(5)'), nist('AC-4'), pci('1.2.1'), pci('1.3.1')],
  evaluate(r) {
    if (r.config.GroupName !== 'default') return notApplicable('not a default security group');
    const inbound = r.config.IpPermissions ?? [];
    const outbound = r.config.IpPermissionsEgress ?? [];
    return inbound.length || outbound.length ? fail('default security group has rules', { inbound: inbound.length, outbound: outbound.length }) : pass();
  },
  fixtures: [
    fx('default group without rules', { GroupName: 'default', IpPermissions: [], IpPermissionsEgress: [] }, 'pass'),
    fx(
      'default group with the stock rules',
      {
        GroupName: 'default',
        IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-1' }] }],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
      'fail',
    ),
    fx('other group', { GroupName: 'web', IpPermissions: [{ IpProtocol: '-1' }] }, 'not-applicable'),
  ],
});
