import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheckFamily, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type IpFamily, naclAdmitsWorld } from '../../../checks-common.js';

/** CIS 5.2: remote administration ports (and "everything") must not be admitted from the world by a NACL. */
const PORTS = [
  { key: 'ssh', label: 'SSH (tcp/22)', port: 22 },
  { key: 'rdp', label: 'RDP (tcp/3389)', port: 3389 },
  { key: 'all-ports', label: 'all ports', port: 'all' as const },
];
const VARIANTS = PORTS.flatMap((p) => (['ipv4', 'ipv6'] as IpFamily[]).map((family) => ({ ...p, family })));

const entry = (n: number, action: string, family: IpFamily, from?: number, to?: number, egress = false) => ({
  RuleNumber: n,
  Protocol: from === undefined ? '-1' : '6',
  RuleAction: action,
  Egress: egress,
  ...(family === 'ipv4' ? { CidrBlock: '0.0.0.0/0' } : { Ipv6CidrBlock: '::/0' }),
  ...(from !== undefined && { PortRange: { From: from, To: to ?? from } }),
});

export default defineCheckFamily({
  id: 'aws-ec2-network-acl-admin-ports-not-open',
  variants: VARIANTS,
  check: (v) => {
    const world = v.family === 'ipv4' ? '0.0.0.0/0' : '::/0';
    const port = v.port === 'all' ? 22 : v.port;
    return {
      id: `aws-ec2-network-acl-${v.key}-not-open-${v.family}`,
      title: `Network ACL does not admit ${v.label} from ${world}`,
      provider: 'aws',
      resourceType: 'aws.ec2.network-acl',
      severity: 'medium',
      risk: `The subnet-level filter lets ${v.label} in from anywhere; only security groups stand between the internet and remote administration of the hosts.`,
      remediation: { text: `Add a lower-numbered inbound DENY entry for ${v.label} from ${world}, or narrow the ALLOW entry to trusted ranges.` },
      compliance: [cis('5.2'), nist('SC-7'), nist('AC-4'), nist('AC-17'), pci('1.3.1'), pci('1.4.2')],
      evaluate(r) {
        const hit = naclAdmitsWorld(r.config, v.port, v.family);
        return hit ? fail(`inbound entry ${hit.RuleNumber} allows ${v.label} from ${world}`, { entry: hit }) : pass();
      },
      fixtures: [
        fx(
          'default deny only',
          { Entries: [{ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', Ipv6CidrBlock: '::/0' }] },
          'pass',
        ),
        fx('deny before allow', { Entries: [entry(50, 'deny', v.family, port), entry(100, 'allow', v.family)] }, v.port === 'all' ? 'fail' : 'pass'),
        fx('egress allow only', { Entries: [entry(100, 'allow', v.family, undefined, undefined, true)] }, 'pass'),
        fx('allow everything from the world', { Entries: [entry(100, 'allow', v.family), entry(32767, 'deny', v.family)] }, 'fail'),
        fx('allow a range covering the port', { Entries: [entry(100, 'allow', v.family, 0, 65535)] }, 'fail'),
      ],
    };
  },
});
