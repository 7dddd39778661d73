import type { EdgeRecord, ResourceRecord } from '../../../core/resource.js';

/**
 * A small VPC built from ResourceRecords shaped as docs/resource-model.md fixes them: used by the
 * exposure, application and risk tests. Ids follow the contract (ARNs; configs = SDK items).
 */
export const ACCOUNT = '222222222222';
export const REGION = 'us-east-1';
const arn = (kind: string, id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${kind}/${id}`;

export function rec(type: string, id: string, config: Record<string, unknown>, name = id, tags: Record<string, string> = {}): ResourceRecord {
  return { id, type, provider: 'aws', account: ACCOUNT, region: REGION, name, tags, config };
}

export const vpc = (id = 'vpc-1') => rec('aws.ec2.vpc', arn('vpc', id), { VpcId: id, CidrBlock: '10.0.0.0/16' });
export const igw = (id = 'igw-1', vpcId = 'vpc-1') =>
  rec('aws.ec2.internet-gateway', arn('internet-gateway', id), { InternetGatewayId: id, Attachments: [{ VpcId: vpcId, State: 'available' }] });

export function subnet(id: string, vpcId = 'vpc-1'): ResourceRecord {
  return rec('aws.ec2.subnet', arn('subnet', id), { SubnetId: id, VpcId: vpcId, CidrBlock: '10.0.1.0/24' });
}

export function routeTable(id: string, opts: { subnets?: string[]; main?: boolean; routes: Record<string, unknown>[]; vpcId?: string }): ResourceRecord {
  return rec('aws.ec2.route-table', arn('route-table', id), {
    RouteTableId: id,
    VpcId: opts.vpcId ?? 'vpc-1',
    Associations: [...(opts.subnets ?? []).map((s) => ({ SubnetId: s, Main: false })), ...(opts.main ? [{ Main: true }] : [])],
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, ...opts.routes.map((r) => ({ State: 'active', ...r }))],
  });
}

export const ALLOW_ALL_ENTRIES = [
  { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0' },
  { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: true, Ipv6CidrBlock: '::/0' },
];

export function nacl(id: string, opts: { subnets?: string[]; isDefault?: boolean; entries?: Record<string, unknown>[] }): ResourceRecord {
  return rec('aws.ec2.network-acl', arn('network-acl', id), {
    NetworkAclId: id,
    VpcId: 'vpc-1',
    IsDefault: opts.isDefault ?? false,
    Associations: (opts.subnets ?? []).map((s) => ({ SubnetId: s, NetworkAclId: id })),
    Entries: opts.entries ?? ALLOW_ALL_ENTRIES,
  });
}

export function sg(id: string, perms: Record<string, unknown>[]): ResourceRecord {
  return rec('aws.ec2.security-group', arn('security-group', id), { GroupId: id, GroupName: id, VpcId: 'vpc-1', IpPermissions: perms });
}

export const tcp = (port: number, cidr: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
});

export function instance(
  id: string,
  opts: { subnet: string; groups: string[]; publicIp?: string; ipv6?: string; privateIp?: string; imageName?: string; tags?: Record<string, string> },
): ResourceRecord {
  return rec(
    'aws.ec2.instance',
    arn('instance', id),
    {
      InstanceId: id,
      State: { Name: 'running' },
      SubnetId: opts.subnet,
      VpcId: 'vpc-1',
      PrivateIpAddress: opts.privateIp ?? '10.0.1.10',
      ...(opts.publicIp && { PublicIpAddress: opts.publicIp }),
      SecurityGroups: opts.groups.map((g) => ({ GroupId: g, GroupName: g })),
      NetworkInterfaces: [
        {
          NetworkInterfaceId: `eni-${id.slice(2)}`,
          SubnetId: opts.subnet,
          VpcId: 'vpc-1',
          Groups: opts.groups.map((g) => ({ GroupId: g })),
          ...(opts.publicIp && { Association: { PublicIp: opts.publicIp } }),
          Ipv6Addresses: opts.ipv6 ? [{ Ipv6Address: opts.ipv6 }] : [],
          PrivateIpAddresses: [{ PrivateIpAddress: opts.privateIp ?? '10.0.1.10', Primary: true }],
        },
      ],
    },
    opts.tags?.Name ?? id,
    opts.tags ?? {},
  );
}

export function nlb(
  name: string,
  opts: { subnets: string[]; listeners: number[]; targetGroup: string },
): { lb: ResourceRecord; tg: ResourceRecord; edges: EdgeRecord[] } {
  const lbArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${name}/50dc6c495c0c9188`;
  const tgArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${opts.targetGroup}/73e2d6bc24d8a067`;
  const lb = rec(
    'aws.elbv2.load-balancer',
    lbArn,
    {
      LoadBalancerArn: lbArn,
      LoadBalancerName: name,
      Scheme: 'internet-facing',
      Type: 'network',
      VpcId: 'vpc-1',
      AvailabilityZones: opts.subnets.map((s) => ({ SubnetId: s, ZoneName: 'us-east-1a' })),
      listeners: opts.listeners.map((p) => ({ Port: p, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] })),
    },
    name,
  );
  const tg = rec('aws.elbv2.target-group', tgArn, { TargetGroupArn: tgArn, Protocol: 'TCP', Port: opts.listeners[0], VpcId: 'vpc-1' }, opts.targetGroup);
  return { lb, tg, edges: [{ from: lbArn, to: tgArn, kind: 'forwards-to' }] };
}
