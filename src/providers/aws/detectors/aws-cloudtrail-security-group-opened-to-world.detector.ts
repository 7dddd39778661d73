import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, type Ev, param, succeeded } from './common.js';

/** Ports whose exposure is an incident rather than a choice: admin, databases, caches. */
const SENSITIVE = new Set([22, 23, 135, 139, 445, 1433, 1521, 2375, 2379, 3306, 3389, 5432, 5900, 5984, 6379, 9200, 11211, 27017]);

interface OpenRule {
  from: number;
  to: number;
  cidr: string;
}

/** Rules with a /0 source, from both request shapes (flat `cidrIp` and `ipPermissions.items`). */
function worldRules(e: Ev): OpenRule[] {
  const out: OpenRule[] = [];
  const world = (c: unknown) => typeof c === 'string' && /\/0$/.test(c);
  const cidr = param(e, 'cidrIp');
  if (world(cidr)) out.push({ from: Number(param(e, 'fromPort') ?? 0), to: Number(param(e, 'toPort') ?? 65535), cidr: String(cidr) });
  for (const p of asList((param(e, 'ipPermissions') as { items?: unknown } | undefined)?.items)) {
    const perm = p as Record<string, unknown>;
    const proto = String(perm.ipProtocol ?? '');
    const from = proto === '-1' ? 0 : Number(perm.fromPort ?? 0);
    const to = proto === '-1' ? 65535 : Number(perm.toPort ?? from);
    const ranges = [
      ...asList((perm.ipRanges as { items?: unknown } | undefined)?.items).map((r) => (r as { cidrIp?: string }).cidrIp),
      ...asList((perm.ipv6Ranges as { items?: unknown } | undefined)?.items).map((r) => (r as { cidrIpv6?: string }).cidrIpv6),
    ];
    for (const c of ranges) if (world(c)) out.push({ from, to, cidr: String(c) });
  }
  return out;
}

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-security-group-opened-to-world',
  title: 'Security group opened to the internet',
  description: 'An ingress rule from 0.0.0.0/0 or ::/0 was added to a security group; high when it covers an administration or database port.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1562.007', 'T1190'],
  actions: ['*:AuthorizeSecurityGroupIngress'],
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.action !== 'AuthorizeSecurityGroupIngress' || !succeeded(e)) return false;
      const rules = worldRules(e);
      if (!rules.length) return false;
      const ports = [...SENSITIVE].filter((p) => rules.some((r) => p >= r.from && p <= r.to));
      return {
        severity: ports.length ? ('high' as const) : ('medium' as const),
        details: { rules, sensitivePorts: ports },
        ...(ports.length && { title: `Security group opened to the internet on port ${ports.slice(0, 3).join(', ')}` }),
      };
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'bob opens PostgreSQL to the world',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'AuthorizeSecurityGroupIngress',
            requestParameters: {
              groupId: 'sg-0a1b2c3d4e5f60002',
              ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
            },
          }),
        ],
      },
      {
        name: 'flat cidrIp form',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'AuthorizeSecurityGroupIngress',
            requestParameters: { groupId: 'sg-1', cidrIp: '0.0.0.0/0', fromPort: 22, toPort: 22, ipProtocol: 'tcp' },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'office range only',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'AuthorizeSecurityGroupIngress',
            requestParameters: {
              groupId: 'sg-1',
              ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '203.0.113.0/24' }] } }] },
            },
          }),
        ],
      },
    ],
  },
});
