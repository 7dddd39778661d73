import { cis, nist, pci } from '../../../../../compliance/index.js';
import type { ControlRef } from '../../../../../core/units/common.js';
import { defineCheckFamily, fail, pass } from '../../../../../core/units/check.js';
import type { Severity } from '../../../../../core/severity.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, type IpFamily, ruleIsAllPorts, securityGroupIngress, isWorld, ruleCoversPort } from '../../../checks-common.js';

/** Sensitive services: a world-open rule to any of them is an invitation to brute force or exploitation. */
interface Service {
  key: string;
  label: string;
  port: number | 'all';
  protocol?: 'tcp' | 'udp';
  severity: Severity;
  /** CIS AWS 5.0 controls per address family (5.3 IPv4 / 5.4 IPv6 admin ports; 5.1.2 CIFS). */
  cis?: Partial<Record<IpFamily, ControlRef[]>>;
}

const ADMIN = { ipv4: [cis('5.3')], ipv6: [cis('5.4')] };
const SERVICES: Service[] = [
  { key: 'all-ports', label: 'all ports', port: 'all', severity: 'critical', cis: ADMIN },
  { key: 'ssh', label: 'SSH', port: 22, severity: 'high', cis: ADMIN },
  { key: 'rdp', label: 'RDP', port: 3389, severity: 'high', cis: ADMIN },
  { key: 'cifs', label: 'CIFS/SMB', port: 445, severity: 'high', cis: { ipv4: [cis('5.1.2')], ipv6: [cis('5.1.2')] } },
  { key: 'netbios', label: 'NetBIOS session', port: 139, severity: 'high' },
  { key: 'ftp', label: 'FTP', port: 21, severity: 'high' },
  { key: 'telnet', label: 'Telnet', port: 23, severity: 'high' },
  { key: 'smtp', label: 'SMTP', port: 25, severity: 'medium' },
  { key: 'vnc', label: 'VNC', port: 5900, severity: 'high' },
  { key: 'winrm', label: 'WinRM', port: 5985, severity: 'high' },
  { key: 'mysql', label: 'MySQL', port: 3306, severity: 'high' },
  { key: 'postgresql', label: 'PostgreSQL', port: 5432, severity: 'high' },
  { key: 'mssql', label: 'Microsoft SQL Server', port: 1433, severity: 'high' },
  { key: 'oracle', label: 'Oracle database', port: 1521, severity: 'high' },
  { key: 'mongodb', label: 'MongoDB', port: 27017, severity: 'high' },
  { key: 'redis', label: 'Redis', port: 6379, severity: 'high' },
  { key: 'memcached', label: 'Memcached', port: 11211, severity: 'high' },
  { key: 'cassandra', label: 'Cassandra', port: 9042, severity: 'high' },
  { key: 'elasticsearch', label: 'Elasticsearch', port: 9200, severity: 'high' },
  { key: 'kibana', label: 'Kibana', port: 5601, severity: 'medium' },
  { key: 'kafka', label: 'Kafka', port: 9092, severity: 'high' },
  { key: 'nfs', label: 'NFS', port: 2049, severity: 'high' },
  { key: 'ldap', label: 'LDAP', port: 389, severity: 'high' },
  { key: 'docker', label: 'Docker API', port: 2375, severity: 'critical' },
  { key: 'docker-tls', label: 'Docker API (TLS)', port: 2376, severity: 'high' },
  { key: 'kubernetes-api', label: 'Kubernetes API', port: 6443, severity: 'high' },
  { key: 'kubelet', label: 'Kubelet API', port: 10250, severity: 'critical' },
  { key: 'etcd', label: 'etcd', port: 2379, severity: 'critical' },
];

const FAMILIES: IpFamily[] = ['ipv4', 'ipv6'];
const VARIANTS = SERVICES.flatMap((s) => FAMILIES.map((family) => ({ ...s, family })));

const WORLD = { ipv4: { IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, ipv6: { Ipv6Ranges: [{ CidrIpv6: '::/0' }] } };
const other = (f: IpFamily): IpFamily => (f === 'ipv4' ? 'ipv6' : 'ipv4');
const perm = (from: number, to: number, src: Cfg, proto = 'tcp') => ({ IpProtocol: proto, FromPort: from, ToPort: to, ...src });

export default defineCheckFamily({
  id: 'aws-ec2-security-group-ports-not-open',
  variants: VARIANTS,
  check: (v) => {
    const where = v.family === 'ipv4' ? '0.0.0.0/0' : '::/0';
    const what = v.port === 'all' ? 'all ports' : `${v.label} (${v.protocol ?? 'tcp'}/${v.port})`;
    const samplePort = v.port === 'all' ? 22 : v.port;
    return {
      id: `aws-ec2-security-group-${v.key}-not-open-${v.family}`,
      title: `Security group does not allow ${what} from ${where}`,
      provider: 'aws',
      resourceType: 'aws.ec2.security-group',
      severity: v.severity,
      risk: `Anyone on the internet can reach ${what} on every resource in this group; exposed ${v.port === 'all' ? 'services' : v.label} are scanned for within minutes and brute-forced or exploited.`,
      remediation: {
        text: `Remove the inbound rule that allows ${what} from ${where}; allow only the address ranges or security groups that need it (or use Session Manager / a VPN for administration).`,
      },
      compliance: [...(v.cis?.[v.family] ?? []), nist('SC-7'), nist('AC-4'), nist('CM-7'), pci('1.3.1'), pci('1.4.2'), pci('2.2.5')],
      evaluate(r) {
        const open = securityGroupIngress(r.config).filter(
          (rule) => isWorld(rule.source, v.family) && (v.port === 'all' ? ruleIsAllPorts(rule) : ruleCoversPort(rule, v.port, v.protocol ?? 'tcp')),
        );
        return open.length ? fail(`inbound rule allows ${what} from ${where}`, { rules: open }) : pass();
      },
      fixtures: [
        fx('no inbound rules', { GroupId: 'sg-1', IpPermissions: [] }, 'pass'),
        fx(
          'restricted to a private range',
          { IpPermissions: [perm(0, 65535, { IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }] })] },
          'pass',
        ),
        fx(`open to the world over ${other(v.family)} only`, { IpPermissions: [perm(0, 65535, WORLD[other(v.family)], '-1')] }, 'pass'),
        fx('world-open on an unrelated port', { IpPermissions: [perm(65000, 65001, WORLD[v.family])] }, 'pass'),
        fx(`world-open range covering ${what}`, { IpPermissions: [perm(0, 65535, WORLD[v.family])] }, 'fail'),
        fx('all traffic from the world', { IpPermissions: [{ IpProtocol: '-1', ...WORLD[v.family] }] }, 'fail'),
        ...(v.port === 'all'
          ? []
          : [fx(`exactly port ${samplePort} from the world`, { IpPermissions: [perm(samplePort, samplePort, WORLD[v.family])] }, 'fail' as const)]),
      ],
    };
  },
});
