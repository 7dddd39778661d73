import { nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { type Cfg, securityGroupIngress, isWorld } from '../../../checks-common.js';

/** Web ports are meant to be public on a public instance; everything else open to the world is not. */
const WEB = new Set([80, 443]);

const instance = (id: string, config: Cfg): ResourceRecord => ({
  id,
  type: 'aws.ec2.instance',
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: id.split('/').pop() ?? id,
  tags: {},
  config,
});
const SG = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-open';
const I1 = 'arn:aws:ec2:us-east-1:123456789012:instance/i-public';
const openSg = { GroupId: 'sg-open', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
const webSg = { GroupId: 'sg-web', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
const uses = [{ from: I1, to: SG, kind: 'uses-security-group' }];

export default defineCheck({
  id: 'aws-ec2-security-group-world-open-not-on-public-instance',
  title: 'Security group open to the world is not attached to a running instance with a public IP',
  description: 'Graph check: follows uses-security-group edges from instances to this group. Web ports (80, 443) do not count as open.',
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'critical',
  scope: 'graph',
  risk: 'The open rule is not theoretical: a running instance with a public address sits behind it, reachable from the internet right now.',
  remediation: {
    text: 'Remove the world-open rule (keep only 80/443 if the instance serves the web), or move the instance to a private subnet without a public IP.',
  },
  compliance: [nist('SC-7'), nist('SC-7(5)'), nist('AC-4'), pci('1.3.1'), pci('1.4.2'), pci('1.4.4')],
  evaluate(r, ctx) {
    const open = securityGroupIngress(r.config).filter((rule) => isWorld(rule.source) && !(rule.from === rule.to && WEB.has(rule.from)));
    if (!open.length) return pass({ worldOpen: false });
    const exposed = ctx.graph
      .neighbours(r.id, { kind: 'uses-security-group', direction: 'in' })
      .filter((i) => i.type === 'aws.ec2.instance' && (i.config as Cfg).State?.Name === 'running' && (i.config as Cfg).PublicIpAddress);
    if (!exposed.length) return pass({ worldOpen: true, publicInstances: 0 });
    return fail(`open to the world and attached to ${exposed.length} running public instance(s)`, {
      rules: open,
      instances: exposed.map((i) => ({ id: i.id, publicIp: (i.config as Cfg).PublicIpAddress })),
    });
  },
  fixtures: [
    {
      name: 'open group on a running public instance',
      resource: { id: SG, config: openSg },
      related: { resources: [instance(I1, { State: { Name: 'running' }, PublicIpAddress: '203.0.113.10' })], edges: uses },
      expect: 'fail',
    },
    {
      name: 'open group on a stopped instance',
      resource: { id: SG, config: openSg },
      related: { resources: [instance(I1, { State: { Name: 'stopped' }, PublicIpAddress: '203.0.113.10' })], edges: uses },
      expect: 'pass',
    },
    {
      name: 'open group on a private instance',
      resource: { id: SG, config: openSg },
      related: { resources: [instance(I1, { State: { Name: 'running' }, PrivateIpAddress: '10.0.0.4' })], edges: uses },
      expect: 'pass',
    },
    {
      name: 'only HTTPS open on a public instance',
      resource: { id: SG, config: webSg },
      related: { resources: [instance(I1, { State: { Name: 'running' }, PublicIpAddress: '203.0.113.10' })], edges: uses },
      expect: 'pass',
    },
    { name: 'open group attached to nothing', resource: { id: SG, config: openSg }, expect: 'pass' },
  ],
});
