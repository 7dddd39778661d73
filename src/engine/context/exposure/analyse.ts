import type { GraphView, ResourceRecord } from '../../../core/resource.js';
import { shortId } from '../inventory.js';
import { type Interval, PROTOS, type Proto, cidrContains, fmtRanges, fullRange, intersect, isAnywhere, isInternetCidr, normalise, protosOf } from './ports.js';

/**
 * Internet exposure over an inventory snapshot: pure functions of a GraphView. A resource is
 * exposed when a packet from the internet can reach it — directly (internet gateway → route →
 * network ACL → security group → public address) or through a public front door (internet-facing
 * load balancer → listener → target group → target; CloudFront → origin; API Gateway; Lambda
 * function URL; managed public endpoints). Every result names the path, hop by hop.
 */
export interface Hop {
  kind: string;
  id: string;
  detail: string;
}
export interface ExposurePath {
  via: 'direct' | 'load-balancer' | 'cloudfront' | 'api-gateway' | 'function-url' | 'managed-endpoint';
  ports: string;
  hops: Hop[];
}
export interface ExposedPort {
  protocol: Proto;
  from: number;
  to: number;
  /** `0.0.0.0/0`, `::/0`, a public CIDR, or `via <front door id>`. */
  sources: string[];
}
export interface ExposureResult {
  resourceId: string;
  resourceType: string;
  account: string;
  region: string;
  internet: boolean;
  ports: ExposedPort[];
  paths: ExposurePath[];
  /** Why something is not exposed, and assumptions made where the inventory was incomplete. */
  notes: string[];
}

export const EXPOSURE_TYPES = [
  'aws.ec2.instance',
  'aws.ec2.network-interface',
  'aws.elbv2.load-balancer',
  'aws.elb.load-balancer',
  'aws.rds.db-instance',
  'aws.rds.db-cluster',
  'aws.lambda.function',
  'aws.apigateway.rest-api',
  'aws.apigatewayv2.api',
  'aws.eks.cluster',
  'aws.opensearch.domain',
  'aws.redshift.cluster',
  'aws.cloudfront.distribution',
  'aws.ecs.service',
] as const;

type Obj = Record<string, unknown>;
/** Client ephemeral ports (Linux 32768-60999, Windows 49152-65535, NAT/ELB 1024-65535): replies go there. */
const EPHEMERAL: Interval = [1024, 65535];
const o = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(o) : []);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Index of the network pieces by their short ids, built once per analysis. */
export class NetIndex {
  private readonly byShort = new Map<string, ResourceRecord>();
  readonly routeTables: ResourceRecord[];
  readonly nacls: ResourceRecord[];
  readonly eips: ResourceRecord[];
  /** Shared pieces are evaluated once per analysis: many interfaces share a subnet and its ACL. */
  readonly memo = new Map<string, unknown>();
  cached<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }
  constructor(
    readonly graph: GraphView,
    resources: readonly ResourceRecord[],
  ) {
    for (const r of resources) {
      this.byShort.set(r.id, r);
      const sid = shortId(r.id);
      if (!this.byShort.has(sid)) this.byShort.set(sid, r);
    }
    this.routeTables = resources.filter((r) => r.type === 'aws.ec2.route-table');
    this.nacls = resources.filter((r) => r.type === 'aws.ec2.network-acl');
    this.eips = resources.filter((r) => r.type === 'aws.ec2.elastic-ip');
  }
  find(id: string | undefined, type?: string): ResourceRecord | undefined {
    if (!id) return undefined;
    const r = this.byShort.get(id);
    return r && (!type || r.type === type) ? r : undefined;
  }
}

interface NetIf {
  id: string;
  subnetId?: string | undefined;
  vpcId?: string | undefined;
  groupIds: string[];
  publicIpv4?: string | undefined;
  publicIpSource?: string;
  ipv6: string[];
}

/** Network interfaces of an instance: ENI resources when collected, else the instance's own fields. */
function interfacesOfInstance(r: ResourceRecord, idx: NetIndex): NetIf[] {
  const c = r.config;
  const instanceId = s(c.InstanceId) ?? shortId(r.id);
  const enis = [
    ...idx.graph.neighbours(r.id, { kind: 'has-network-interface', direction: 'out' }),
    ...idx.graph.neighbours(r.id, { kind: 'attached-to', direction: 'in' }).filter((x) => x.type === 'aws.ec2.network-interface'),
  ];
  const seen = new Set<string>();
  const out: NetIf[] = [];
  for (const e of enis) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(interfaceOfEni(e, idx));
  }
  if (!out.length) {
    for (const ni of arr(c.NetworkInterfaces)) {
      out.push({
        id: s(ni.NetworkInterfaceId) ?? instanceId,
        subnetId: s(ni.SubnetId) ?? s(c.SubnetId),
        vpcId: s(ni.VpcId) ?? s(c.VpcId),
        groupIds: arr(ni.Groups).map((g) => s(g.GroupId) ?? ''),
        publicIpv4: s(o(ni.Association).PublicIp),
        ipv6: arr(ni.Ipv6Addresses).map((a) => s(a.Ipv6Address) ?? ''),
      });
    }
  }
  if (!out.length) {
    out.push({
      id: instanceId,
      subnetId: s(c.SubnetId),
      vpcId: s(c.VpcId),
      groupIds: arr(c.SecurityGroups).map((g) => s(g.GroupId) ?? ''),
      publicIpv4: s(c.PublicIpAddress),
      ipv6: s(c.Ipv6Address) ? [c.Ipv6Address as string] : [],
    });
  }
  // Elastic IPs associated with the instance or one of its interfaces.
  for (const eip of idx.eips) {
    const ec = eip.config;
    const target = out.find((n) => n.id === s(ec.NetworkInterfaceId)) ?? (s(ec.InstanceId) === instanceId ? out[0] : undefined);
    if (target && s(ec.PublicIp)) {
      target.publicIpv4 = ec.PublicIp as string;
      target.publicIpSource = `Elastic IP ${s(ec.AllocationId) ?? shortId(eip.id)}`;
    }
  }
  return out;
}

function interfaceOfEni(e: ResourceRecord, idx: NetIndex): NetIf {
  const c = e.config;
  const n: NetIf = {
    id: s(c.NetworkInterfaceId) ?? shortId(e.id),
    subnetId: s(c.SubnetId),
    vpcId: s(c.VpcId),
    groupIds: arr(c.Groups).map((g) => s(g.GroupId) ?? ''),
    publicIpv4: s(o(c.Association).PublicIp),
    ipv6: arr(c.Ipv6Addresses).map((a) => s(a.Ipv6Address) ?? ''),
  };
  for (const eip of idx.eips)
    if (s(eip.config.NetworkInterfaceId) === n.id && s(eip.config.PublicIp)) {
      n.publicIpv4 = eip.config.PublicIp as string;
      n.publicIpSource = `Elastic IP ${s(eip.config.AllocationId) ?? shortId(eip.id)}`;
    }
  return n;
}

interface RouteVerdict {
  ok: boolean;
  hops: Hop[];
  note?: string;
}

/** The subnet's route table (explicit association, else the VPC's main table) and its default route. */
export function internetRoute(subnetId: string | undefined, vpcId: string | undefined, family: 4 | 6, idx: NetIndex): RouteVerdict {
  return idx.cached(`route|${subnetId}|${vpcId}|${family}`, () => computeRoute(subnetId, vpcId, family, idx));
}

function computeRoute(subnetId: string | undefined, vpcId: string | undefined, family: 4 | 6, idx: NetIndex): RouteVerdict {
  const subnet = idx.find(subnetId, 'aws.ec2.subnet');
  const vpc = vpcId ?? s(subnet?.config.VpcId);
  const viaEdge = subnet ? idx.graph.neighbours(subnet.id, { kind: 'uses-route-table', direction: 'out' })[0] : undefined;
  const explicit = viaEdge ?? idx.routeTables.find((rt) => arr(rt.config.Associations).some((a) => s(a.SubnetId) === subnetId));
  const main = idx.routeTables.find((rt) => s(rt.config.VpcId) === vpc && arr(rt.config.Associations).some((a) => a.Main === true));
  const table = explicit ?? main;
  if (!table) return { ok: true, hops: [], note: `route table of ${subnetId ?? 'the subnet'} not in inventory: assumed to route to an internet gateway` };
  const dest = family === 4 ? '0.0.0.0/0' : '::/0';
  const routes = arr(table.config.Routes).filter(
    (r) => (family === 4 ? s(r.DestinationCidrBlock) : s(r.DestinationIpv6CidrBlock)) === dest && r.State !== 'blackhole',
  );
  const tableHop: Hop = {
    kind: 'route-table',
    id: s(table.config.RouteTableId) ?? shortId(table.id),
    detail: explicit ? `associated with ${subnetId}` : `main route table of ${vpc}`,
  };
  const igw = routes.find((r) => s(r.GatewayId)?.startsWith('igw-'));
  if (igw)
    return {
      ok: true,
      hops: [
        { kind: 'internet-gateway', id: igw.GatewayId as string, detail: 'attached to the VPC' },
        { ...tableHop, detail: `${tableHop.detail}; route ${dest} → ${igw.GatewayId as string}` },
      ],
    };
  const eigw = routes.find((r) => s(r.EgressOnlyInternetGatewayId));
  if (eigw)
    return {
      ok: false,
      hops: [tableHop],
      note: `${dest} goes to egress-only internet gateway ${eigw.EgressOnlyInternetGatewayId as string}: outbound only, not reachable from the internet`,
    };
  const other = routes[0];
  const target = other
    ? (s(other.NatGatewayId) ?? s(other.TransitGatewayId) ?? s(other.GatewayId) ?? s(other.VpcPeeringConnectionId) ?? 'another target')
    : undefined;
  return {
    ok: false,
    hops: [tableHop],
    note: target ? `${dest} goes to ${target}, not an internet gateway (private subnet)` : `no ${dest} route in ${tableHop.id} (private subnet)`,
  };
}

/** The subnet's network ACL: explicit association, else the VPC's default ACL. */
function naclOf(subnetId: string | undefined, vpcId: string | undefined, idx: NetIndex): ResourceRecord | undefined {
  return idx.cached(`nacl|${subnetId}|${vpcId}`, () => findNacl(subnetId, vpcId, idx));
}

function findNacl(subnetId: string | undefined, vpcId: string | undefined, idx: NetIndex): ResourceRecord | undefined {
  const subnet = idx.find(subnetId, 'aws.ec2.subnet');
  const viaEdge = subnet ? idx.graph.neighbours(subnet.id, { kind: 'uses-network-acl', direction: 'out' })[0] : undefined;
  const vpc = vpcId ?? s(subnet?.config.VpcId);
  return (
    viaEdge ??
    idx.nacls.find((n) => arr(n.config.Associations).some((a) => s(a.SubnetId) === subnetId)) ??
    idx.nacls.find((n) => s(n.config.VpcId) === vpc && n.config.IsDefault === true)
  );
}

/**
 * Inbound NACL verdict for traffic from `source`: entries in rule-number order, the first entry
 * whose protocol, port range and CIDR (containing the source) match decides — allow or deny.
 * Returns the allowed intervals per protocol and the deciding rules for the explanation.
 */
export function naclAllows(
  nacl: ResourceRecord,
  proto: Proto,
  source: string,
  within: Interval = fullRange(proto),
  egress = false,
): { allowed: Interval[]; rules: string[] } {
  const v6 = source.includes(':');
  const entries = arr(nacl.config.Entries)
    .filter((e) => (e.Egress === true) === egress && (v6 ? s(e.Ipv6CidrBlock) : s(e.CidrBlock)))
    .sort((a, b) => Number(a.RuleNumber) - Number(b.RuleNumber));
  const bounds = new Set<number>([fullRange(proto)[0], fullRange(proto)[1] + 1]);
  for (const e of entries) {
    const pr = o(e.PortRange);
    if (proto !== 'icmp' && pr.From !== undefined) {
      bounds.add(Number(pr.From));
      bounds.add(Number(pr.To) + 1);
    }
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  const allowed: Interval[] = [];
  const rules = new Set<string>();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const seg: Interval = [cuts[i] as number, (cuts[i + 1] as number) - 1];
    if (seg[0] > fullRange(proto)[1] || seg[1] < within[0] || seg[0] > within[1]) continue;
    for (const e of entries) {
      if (!protosOf(e.Protocol).includes(proto)) continue;
      const pr = o(e.PortRange);
      if (proto !== 'icmp' && pr.From !== undefined && !(Number(pr.From) <= seg[0] && seg[1] <= Number(pr.To))) continue;
      const cidr = (v6 ? s(e.Ipv6CidrBlock) : s(e.CidrBlock)) as string;
      if (!cidrContains(cidr, source)) continue;
      const allow = e.RuleAction === 'allow';
      if (allow) {
        allowed.push(seg);
        rules.add(`rule ${String(e.RuleNumber)} allow ${cidr}`);
      } else if (Number(e.RuleNumber) !== 32767) rules.add(`rule ${String(e.RuleNumber)} deny ${cidr}`);
      break;
    }
  }
  return { allowed: normalise(allowed), rules: [...rules] };
}

interface SgOpening {
  proto: Proto;
  range: Interval;
  source: string;
  group: string;
}

/** Inbound security-group permissions that admit internet sources; referenced groups are recorded apart. */
function sgOpenings(groupIds: readonly string[], idx: NetIndex, family: 4 | 6): { open: SgOpening[]; referenced: string[]; missing: string[] } {
  return idx.cached(`sg|${family}|${groupIds.join(',')}`, () => computeSgOpenings(groupIds, idx, family));
}

function computeSgOpenings(groupIds: readonly string[], idx: NetIndex, family: 4 | 6): { open: SgOpening[]; referenced: string[]; missing: string[] } {
  const open: SgOpening[] = [];
  const referenced: string[] = [];
  const missing: string[] = [];
  for (const gid of groupIds) {
    const sg = idx.find(gid, 'aws.ec2.security-group');
    if (!sg) {
      missing.push(gid);
      continue;
    }
    for (const p of arr(sg.config.IpPermissions)) {
      const protos = protosOf(p.IpProtocol);
      const all = String(p.IpProtocol) === '-1';
      for (const proto of protos) {
        const range: Interval = all || proto === 'icmp' ? fullRange(proto) : [Number(p.FromPort ?? 0), Number(p.ToPort ?? 65535)];
        const sources: string[] = [];
        if (family === 4) for (const r of arr(p.IpRanges)) if (s(r.CidrIp)) sources.push(r.CidrIp as string);
        if (family === 6) for (const r of arr(p.Ipv6Ranges)) if (s(r.CidrIpv6)) sources.push(r.CidrIpv6 as string);
        for (const pl of arr(p.PrefixListIds)) {
          const list = idx.find(s(pl.PrefixListId));
          const cidrs = arr(list?.config.Entries).map((e) => s(e.Cidr) ?? '');
          for (const c of cidrs) if (c && c.includes(':') === (family === 6)) sources.push(c);
        }
        for (const src of sources) if (isInternetCidr(src)) open.push({ proto, range, source: src, group: gid });
        for (const pair of arr(p.UserIdGroupPairs))
          if (s(pair.GroupId)) referenced.push(`${gid} admits ${proto} ${range[0]}-${range[1]} from members of ${pair.GroupId as string}`);
      }
    }
  }
  return { open, referenced, missing };
}

/** Evaluates the direct internet path to one interface. */
function directPath(n: NetIf, idx: NetIndex, notes: string[]): { ports: ExposedPort[]; paths: ExposurePath[] } {
  const ports: ExposedPort[] = [];
  const paths: ExposurePath[] = [];
  for (const family of [4, 6] as const) {
    const addr = family === 4 ? n.publicIpv4 : n.ipv6[0];
    if (!addr) {
      if (family === 4) notes.push(`${n.id}: no public IPv4 address or Elastic IP`);
      continue;
    }
    const route = internetRoute(n.subnetId, n.vpcId, family, idx);
    if (route.note) notes.push(`${n.id}: ${route.note}`);
    if (!route.ok) continue;
    const sg = sgOpenings(n.groupIds, idx, family);
    for (const r of sg.referenced) notes.push(`${n.id}: ${r} (not the internet)`);
    if (sg.missing.length) notes.push(`${n.id}: security groups not in inventory: ${sg.missing.join(', ')}`);
    const nacl = naclOf(n.subnetId, n.vpcId, idx);
    if (!nacl) notes.push(`${n.id}: network ACL not in inventory: assumed to allow (as the default ACL does)`);
    const byKey = new Map<string, { proto: Proto; ranges: Interval[]; source: string; groups: Set<string>; naclRules: Set<string> }>();
    let denied = false;
    for (const op of sg.open) {
      const verdict = nacl
        ? idx.cached(`acl|${nacl.id}|${op.proto}|${op.source}|${op.range.join('-')}`, () => naclAllows(nacl, op.proto, op.source, op.range))
        : { allowed: [fullRange(op.proto)], rules: [] as string[] };
      const ok = intersect(verdict.allowed, [op.range]);
      if (!ok.length) {
        denied = true;
        notes.push(
          `${n.id}: ${op.group} opens ${fmtRanges(op.proto, [op.range])} to ${op.source} but network ACL ${nacl ? shortId(nacl.id) : ''} denies it (${verdict.rules.join('; ') || 'no allow rule'})`,
        );
        continue;
      }
      // ACLs are stateless: the replies leave through the outbound rules, to the client's ephemeral ports.
      if (
        nacl &&
        op.proto !== 'icmp' &&
        !idx.cached(`aclout|${nacl.id}|${op.proto}|${op.source}`, () => naclAllows(nacl, op.proto, op.source, EPHEMERAL, true)).allowed.length
      ) {
        denied = true;
        notes.push(
          `${n.id}: network ACL ${shortId(nacl.id)} admits ${fmtRanges(op.proto, ok)} from ${op.source} but its outbound rules deny the replies (ports 1024-65535)`,
        );
        continue;
      }
      const key = `${op.proto}|${op.source}`;
      const cur = byKey.get(key) ?? { proto: op.proto, ranges: [], source: op.source, groups: new Set(), naclRules: new Set() };
      cur.ranges = normalise([...cur.ranges, ...ok]);
      cur.groups.add(op.group);
      for (const r of verdict.rules) cur.naclRules.add(r);
      byKey.set(key, cur);
    }
    if (!byKey.size) {
      if (!denied) notes.push(`${n.id}: no security group rule admits internet sources over IPv${family}`);
      continue;
    }
    const list = [...byKey.values()];
    for (const x of list) for (const [a, b] of x.ranges) ports.push({ protocol: x.proto, from: a, to: b, sources: [x.source] });
    const portText = list.map((x) => `${fmtRanges(x.proto, x.ranges)} from ${x.source}`).join('; ');
    const naclId = nacl ? (s(nacl.config.NetworkAclId) ?? shortId(nacl.id)) : 'default';
    paths.push({
      via: 'direct',
      ports: portText,
      hops: [
        { kind: 'internet', id: family === 4 ? '0.0.0.0/0' : '::/0', detail: `IPv${family}` },
        ...route.hops,
        { kind: 'network-acl', id: naclId, detail: [...new Set(list.flatMap((x) => [...x.naclRules]))].join('; ') || 'not in inventory: assumed allow' },
        { kind: 'security-group', id: [...new Set(list.flatMap((x) => [...x.groups]))].join(', '), detail: portText },
        {
          kind: family === 4 ? 'public-ip' : 'ipv6-address',
          id: addr,
          detail: n.publicIpSource ?? (family === 4 ? 'auto-assigned public IPv4' : 'global IPv6 address'),
        },
        { kind: 'network-interface', id: n.id, detail: `subnet ${n.subnetId ?? '?'}` },
      ],
    });
  }
  return { ports, paths };
}

function emptyResult(r: ResourceRecord): ExposureResult {
  return { resourceId: r.id, resourceType: r.type, account: r.account, region: r.region, internet: false, ports: [], paths: [], notes: [] };
}

function finish(res: ExposureResult): ExposureResult {
  res.internet = res.paths.length > 0 && res.ports.some((p) => p.sources.some((x) => isAnywhere(x) || x.startsWith('via ')));
  return res;
}

/** Listener ports of an internet-facing load balancer that its security groups (if any) admit. */
function loadBalancerFront(lb: ResourceRecord, idx: NetIndex, res: ExposureResult): { port: number; proto: Proto }[] {
  const c = lb.config;
  const classic = lb.type === 'aws.elb.load-balancer';
  if (c.Scheme !== 'internet-facing') {
    res.notes.push(`scheme ${String(c.Scheme ?? 'internal')}: not internet-facing`);
    return [];
  }
  const listeners = classic
    ? arr(c.ListenerDescriptions).map((d) => ({
        port: Number(o(d.Listener).LoadBalancerPort),
        proto: 'tcp' as Proto,
        label: `${String(o(d.Listener).Protocol)}:${String(o(d.Listener).LoadBalancerPort)}`,
      }))
    : arr(c.listeners).map((l) => ({
        port: Number(l.Port),
        proto: (String(l.Protocol).startsWith('UDP') ? 'udp' : 'tcp') as Proto,
        label: `${String(l.Protocol)}:${String(l.Port)}`,
      }));
  if (!listeners.length) res.notes.push('no listeners collected');
  const sgIds = (Array.isArray(c.SecurityGroups) ? c.SecurityGroups : []).map(String).filter(Boolean);
  const subnets = classic ? ((c.Subnets as string[] | undefined) ?? []) : arr(c.AvailabilityZones).map((z) => s(z.SubnetId) ?? '');
  const route = subnets.map((sn) => internetRoute(sn, s(c.VpcId) ?? s(c.VPCId), 4, idx)).find((r) => r.ok) ?? internetRoute(subnets[0], s(c.VpcId), 4, idx);
  if (!route.ok) {
    res.notes.push(route.note ?? 'no subnet routes to an internet gateway');
    return [];
  }
  const sg = sgIds.length ? sgOpenings(sgIds, idx, 4) : undefined;
  const open: { port: number; proto: Proto; label: string; source: string }[] = [];
  for (const l of listeners) {
    const hit = sg ? sg.open.find((op) => op.proto === l.proto && op.range[0] <= l.port && l.port <= op.range[1]) : { source: '0.0.0.0/0' };
    if (!hit) {
      res.notes.push(`listener ${l.label}: security groups ${sgIds.join(', ')} do not admit internet sources`);
      continue;
    }
    open.push({ ...l, source: hit.source });
  }
  for (const l of open) res.ports.push({ protocol: l.proto, from: l.port, to: l.port, sources: [l.source] });
  if (open.length) {
    res.paths.push({
      via: 'direct',
      ports: open.map((l) => l.label).join(', '),
      hops: [
        { kind: 'internet', id: '0.0.0.0/0', detail: 'IPv4' },
        ...route.hops,
        {
          kind: 'security-group',
          id: sgIds.join(', ') || 'none',
          detail: sg ? open.map((l) => `${l.proto}/${l.port} from ${l.source}`).join('; ') : 'no security groups (NLB): listeners open',
        },
        { kind: 'load-balancer', id: lb.id, detail: `internet-facing ${classic ? 'classic' : String(c.Type ?? '')} load balancer ${lb.name}` },
      ],
    });
  }
  return open;
}

/** Targets behind an exposed load balancer, with the hops from its listener. */
function frontDoorTargets(lb: ResourceRecord, open: { port: number; proto: Proto }[], idx: NetIndex): { target: ResourceRecord; port: number; hops: Hop[] }[] {
  if (!open.length) return [];
  const out: { target: ResourceRecord; port: number; hops: Hop[] }[] = [];
  const lbGroups = ((lb.config.SecurityGroups as unknown[] | undefined) ?? []).map((g) => String(g));
  const listenerText = open.map((l) => `${l.proto}/${l.port}`).join(', ');
  const admits = (target: ResourceRecord, port: number): string | undefined => {
    const ifs = target.type === 'aws.ec2.instance' ? interfacesOfInstance(target, idx) : [];
    for (const n of ifs)
      for (const gid of n.groupIds) {
        const sg = idx.find(gid, 'aws.ec2.security-group');
        for (const p of arr(sg?.config.IpPermissions)) {
          const all = String(p.IpProtocol) === '-1';
          if (!all && !(Number(p.FromPort) <= port && port <= Number(p.ToPort))) continue;
          const ref = arr(p.UserIdGroupPairs).find((x) => lbGroups.includes(String(x.GroupId)));
          if (ref) return `${gid} admits ${port} from the load balancer's group ${String(ref.GroupId)}`;
          const cidr = arr(p.IpRanges).find((x) => s(x.CidrIp));
          if (cidr) return `${gid} admits ${port} from ${String(cidr.CidrIp)}`;
        }
      }
    return ifs.length ? undefined : 'target security groups not in inventory: assumed to admit the load balancer';
  };
  if (lb.type === 'aws.elb.load-balancer') {
    for (const t of idx.graph.neighbours(lb.id, { kind: 'targets', direction: 'out' })) {
      const port = Number(o(arr(lb.config.ListenerDescriptions)[0]?.Listener).InstancePort ?? open[0]?.port);
      const why = admits(t, port);
      if (why)
        out.push({
          target: t,
          port,
          hops: [
            { kind: 'load-balancer', id: lb.id, detail: `listeners ${listenerText}` },
            { kind: 'target', id: t.id, detail: `instance port ${port}; ${why}` },
          ],
        });
    }
    return out;
  }
  for (const tg of idx.graph.neighbours(lb.id, { kind: 'forwards-to', direction: 'out' })) {
    const tgPort = Number(tg.config.Port ?? 0);
    const described = arr(tg.config.targets).map((d) => o(d.Target));
    for (const t of idx.graph.neighbours(tg.id, { kind: 'targets', direction: 'out' })) {
      const d = described.find((x) => s(x.Id) === shortId(t.id) || s(x.Id) === t.id);
      const port = Number(d?.Port ?? tgPort);
      const why = t.type === 'aws.lambda.function' ? 'Lambda target (invoked by the load balancer)' : admits(t, port);
      if (!why) continue;
      out.push({
        target: t,
        port,
        hops: [
          { kind: 'load-balancer', id: lb.id, detail: `internet-facing, listeners ${listenerText}` },
          { kind: 'listener', id: `${lb.name}:${open.map((l) => l.port).join('/')}`, detail: 'forwards to target group' },
          { kind: 'target-group', id: tg.id, detail: `${String(tg.config.Protocol ?? '')} port ${tgPort}` },
          { kind: 'target', id: t.id, detail: `port ${port}; ${why}` },
        ],
      });
    }
  }
  return out;
}

/** How much of an API answers without authorisation (REST `methods`, HTTP API `routes`). */
function openRoutes(api: ResourceRecord): string {
  const methods = arr(api.config.methods);
  const routes = arr(api.config.routes);
  if (methods.length) {
    const open = methods.filter((m) => String(m.authorizationType ?? 'NONE') === 'NONE' && m.apiKeyRequired !== true);
    return `; ${open.length} of ${methods.length} methods need no authorisation${
      open.length
        ? ` (${open
            .slice(0, 3)
            .map((m) => `${String(m.httpMethod)} ${String(m.path)}`)
            .join(', ')})`
        : ''
    }`;
  }
  if (routes.length) {
    const open = routes.filter((x) => String(x.AuthorizationType ?? 'NONE') === 'NONE' && x.ApiKeyRequired !== true);
    return `; ${open.length} of ${routes.length} routes need no authorisation${
      open.length
        ? ` (${open
            .slice(0, 3)
            .map((x) => String(x.RouteKey))
            .join(', ')})`
        : ''
    }`;
  }
  return '';
}

/** A distribution's origins: `origin` edges, else origin domain names matched to load balancers and buckets. */
function originsOf(dist: ResourceRecord, graph: GraphView): ResourceRecord[] {
  const found = new Map(graph.neighbours(dist.id, { kind: 'origin', direction: 'out' }).map((x) => [x.id, x]));
  const dc = o(dist.config.config);
  const items = arr(o(dc.Origins ?? dist.config.Origins).Items);
  for (const item of items) {
    const domain = String(item.DomainName ?? '').toLowerCase();
    if (!domain) continue;
    for (const type of ['aws.elbv2.load-balancer', 'aws.elb.load-balancer'])
      for (const lb of graph.byType(type)) if (String(lb.config.DNSName ?? '').toLowerCase() === domain) found.set(lb.id, lb);
    const bucket = /^([a-z0-9.-]+)\.s3[.-]/.exec(domain)?.[1];
    if (bucket) for (const b of graph.byType('aws.s3.bucket')) if (b.name === bucket || String(b.config.Name ?? '') === bucket) found.set(b.id, b);
  }
  return [...found.values()];
}

function merge(into: ExposureResult, port: number, proto: Proto, source: string, path: ExposurePath): void {
  into.ports.push({ protocol: proto, from: port, to: port, sources: [source] });
  into.paths.push(path);
}

/**
 * Analyses every supported resource in the graph. Network pieces are looked up within the
 * resource's own account and region (VPC, subnet and group ids are only unique there).
 */
export function analyseExposure(graph: GraphView, resources: readonly ResourceRecord[]): ExposureResult[] {
  const results = new Map<string, ExposureResult>();
  const scopes = new Map<string, ResourceRecord[]>();
  for (const r of resources) {
    const k = `${r.account}|${r.region}`;
    (scopes.get(k) ?? scopes.set(k, []).get(k))?.push(r);
  }
  for (const scoped of scopes.values()) analyseScope(graph, scoped, results);
  return [...results.values()].map(finish);
}

function analyseScope(graph: GraphView, resources: readonly ResourceRecord[], results: Map<string, ExposureResult>): void {
  const idx = new NetIndex(graph, resources);
  const get = (r: ResourceRecord) => results.get(r.id) ?? (results.set(r.id, emptyResult(r)).get(r.id) as ExposureResult);
  const of = (type: string) => resources.filter((r) => r.type === type);

  for (const r of of('aws.ec2.instance')) {
    const res = get(r);
    if (o(r.config.State).Name && o(r.config.State).Name !== 'running') res.notes.push(`instance state ${String(o(r.config.State).Name)}`);
    for (const n of interfacesOfInstance(r, idx)) {
      const d = directPath(n, idx, res.notes);
      res.ports.push(...d.ports);
      res.paths.push(...d.paths);
    }
  }
  for (const r of of('aws.ec2.network-interface')) {
    const res = get(r);
    const d = directPath(interfaceOfEni(r, idx), idx, res.notes);
    res.ports.push(...d.ports);
    res.paths.push(...d.paths);
  }
  // ECS services register task IPs (no inventory edge): the service names its target groups.
  const servicesByTg = new Map<string, ResourceRecord[]>();
  for (const svc of of('aws.ecs.service'))
    for (const lbRef of arr(svc.config.loadBalancers)) {
      const tg = s(lbRef.targetGroupArn);
      if (tg) (servicesByTg.get(tg) ?? servicesByTg.set(tg, []).get(tg))?.push(svc);
    }
  for (const r of [...of('aws.elbv2.load-balancer'), ...of('aws.elb.load-balancer')]) {
    const res = get(r);
    const open = loadBalancerFront(r, idx, res);
    if (open.length)
      for (const tg of graph.neighbours(r.id, { kind: 'forwards-to', direction: 'out' }))
        for (const svc of servicesByTg.get(s(tg.config.TargetGroupArn) ?? tg.id) ?? []) {
          const ref = arr(svc.config.loadBalancers).find((x) => x.targetGroupArn === (tg.config.TargetGroupArn ?? tg.id));
          const port = Number(ref?.containerPort ?? tg.config.Port ?? 0);
          merge(get(svc), port, 'tcp', `via ${r.name}`, {
            via: 'load-balancer',
            ports: `tcp/${port}`,
            hops: [
              { kind: 'internet', id: '0.0.0.0/0', detail: 'IPv4' },
              { kind: 'load-balancer', id: r.id, detail: `internet-facing, listeners ${open.map((l) => `${l.proto}/${l.port}`).join(', ')}` },
              { kind: 'target-group', id: tg.id, detail: `IP targets registered by the ECS service` },
              { kind: 'ecs-service', id: svc.id, detail: `container ${String(ref?.containerName ?? '?')} port ${port}` },
            ],
          });
        }
    for (const t of frontDoorTargets(r, open, idx)) {
      const tr = get(t.target);
      merge(tr, t.port, 'tcp', `via ${r.name}`, {
        via: 'load-balancer',
        ports: `tcp/${t.port}`,
        hops: [{ kind: 'internet', id: '0.0.0.0/0', detail: 'IPv4' }, ...t.hops],
      });
    }
  }
  for (const r of of('aws.ecs.service')) {
    const res = get(r);
    const aw = o(o(r.config.networkConfiguration).awsvpcConfiguration);
    const subnets = Array.isArray(aw.subnets) ? aw.subnets.map(String) : [];
    if (aw.assignPublicIp !== 'ENABLED') {
      if (subnets.length) res.notes.push('tasks get no public IP (assignPublicIp DISABLED)');
      continue;
    }
    const n: NetIf = {
      id: `${r.name} tasks`,
      subnetId: subnets[0],
      groupIds: Array.isArray(aw.securityGroups) ? aw.securityGroups.map(String) : [],
      publicIpv4: 'a public IP per task',
      publicIpSource: 'assignPublicIp ENABLED',
      ipv6: [],
    };
    const d = directPath(n, idx, res.notes);
    res.ports.push(...d.ports);
    res.paths.push(...d.paths);
  }
  for (const r of of('aws.rds.db-instance')) {
    const res = get(r);
    const c = r.config;
    const port = Number(o(c.Endpoint).Port ?? c.DbInstancePort ?? 0);
    if (c.PubliclyAccessible !== true) {
      res.notes.push('PubliclyAccessible is false: the endpoint resolves to private addresses only');
      continue;
    }
    const subnets = arr(o(c.DBSubnetGroup).Subnets).map((x) => s(x.SubnetIdentifier) ?? '');
    const groups = arr(c.VpcSecurityGroups).map((g) => s(g.VpcSecurityGroupId) ?? '');
    const n: NetIf = {
      id: c.DBInstanceIdentifier ? `rds:${String(c.DBInstanceIdentifier)}` : r.id,
      subnetId: subnets[0],
      vpcId: s(o(c.DBSubnetGroup).VpcId),
      groupIds: groups,
      publicIpv4: 'RDS public endpoint',
      publicIpSource: `endpoint ${String(o(c.Endpoint).Address ?? '')}`,
      ipv6: [],
    };
    const d = directPath(n, idx, res.notes);
    const onPort = d.ports.filter((p) => p.protocol === 'tcp' && p.from <= port && port <= p.to).map((p) => ({ ...p, from: port, to: port }));
    res.ports.push(...onPort);
    if (onPort.length) res.paths.push(...d.paths);
  }
  for (const r of of('aws.rds.db-cluster')) {
    const res = get(r);
    const members = arr(r.config.DBClusterMembers).map((m) => s(m.DBInstanceIdentifier) ?? '');
    for (const inst of of('aws.rds.db-instance')) {
      if (!members.includes(String(inst.config.DBInstanceIdentifier ?? shortId(inst.id)))) continue;
      const ir = get(inst);
      if (ir.ports.length) {
        res.ports.push(...ir.ports);
        res.paths.push(...ir.paths.map((p) => ({ ...p, hops: [...p.hops, { kind: 'cluster-member', id: inst.id, detail: `member of ${r.name}` }] })));
      }
    }
    if (!res.ports.length) res.notes.push('no publicly accessible member instance');
  }
  for (const r of of('aws.redshift.cluster')) {
    const res = get(r);
    const c = r.config;
    if (c.PubliclyAccessible !== true) {
      res.notes.push('PubliclyAccessible is false');
      continue;
    }
    const port = Number(o(c.Endpoint).Port ?? 5439);
    const n: NetIf = {
      id: r.id,
      vpcId: s(c.VpcId),
      groupIds: arr(c.VpcSecurityGroups).map((g) => s(g.VpcSecurityGroupId) ?? ''),
      publicIpv4: 'Redshift public endpoint',
      ipv6: [],
    };
    const d = directPath(n, idx, res.notes);
    const onPort = d.ports.filter((p) => p.protocol === 'tcp' && p.from <= port && port <= p.to).map((p) => ({ ...p, from: port, to: port }));
    res.ports.push(...onPort);
    if (onPort.length) res.paths.push(...d.paths);
  }
  for (const r of of('aws.lambda.function')) {
    const res = get(r);
    const url = o(r.config.urlConfig);
    if (!s(url.FunctionUrl)) continue;
    merge(res, 443, 'tcp', '0.0.0.0/0', {
      via: 'function-url',
      ports: 'tcp/443',
      hops: [
        { kind: 'internet', id: '0.0.0.0/0', detail: 'HTTPS' },
        {
          kind: 'function-url',
          id: url.FunctionUrl as string,
          detail: `AuthType ${String(url.AuthType ?? '?')}${url.AuthType === 'NONE' ? ': anyone can invoke' : ': callers need IAM credentials'}`,
        },
      ],
    });
  }
  for (const r of [...of('aws.apigateway.rest-api'), ...of('aws.apigatewayv2.api')]) {
    const res = get(r);
    const types = (o(r.config.EndpointConfiguration).Types as string[] | undefined) ?? [];
    if (types.includes('PRIVATE')) {
      res.notes.push('private API endpoint (VPC endpoints only)');
      continue;
    }
    if (r.config.DisableExecuteApiEndpoint === true) {
      res.notes.push('default execute-api endpoint disabled');
      continue;
    }
    merge(res, 443, 'tcp', '0.0.0.0/0', {
      via: 'api-gateway',
      ports: 'tcp/443',
      hops: [
        { kind: 'internet', id: '0.0.0.0/0', detail: 'HTTPS' },
        { kind: 'api', id: r.id, detail: `${types.join('/') || 'REGIONAL'} endpoint ${String(r.config.ApiEndpoint ?? '')}`.trim() + openRoutes(r) },
      ],
    });
  }
  for (const r of of('aws.eks.cluster')) {
    const res = get(r);
    const v = o(r.config.resourcesVpcConfig);
    if (v.endpointPublicAccess !== true) {
      res.notes.push('API server endpoint is private');
      continue;
    }
    const cidrs = (v.publicAccessCidrs as string[] | undefined) ?? ['0.0.0.0/0'];
    res.ports.push({ protocol: 'tcp', from: 443, to: 443, sources: cidrs });
    res.paths.push({
      via: 'managed-endpoint',
      ports: 'tcp/443',
      hops: [
        { kind: 'internet', id: cidrs.join(', '), detail: 'publicAccessCidrs' },
        { kind: 'eks-endpoint', id: String(r.config.endpoint ?? r.id), detail: 'Kubernetes API server, public endpoint' },
      ],
    });
  }
  for (const r of of('aws.opensearch.domain')) {
    const res = get(r);
    if (s(o(r.config.VPCOptions).VPCId)) {
      res.notes.push('VPC domain: no public endpoint');
      continue;
    }
    merge(res, 443, 'tcp', '0.0.0.0/0', {
      via: 'managed-endpoint',
      ports: 'tcp/443',
      hops: [
        { kind: 'internet', id: '0.0.0.0/0', detail: 'HTTPS' },
        { kind: 'opensearch-endpoint', id: String(r.config.Endpoint ?? r.id), detail: 'public domain endpoint: only the access policy restricts callers' },
      ],
    });
  }
  for (const r of of('aws.cloudfront.distribution')) {
    const res = get(r);
    if (r.config.Enabled === false) {
      res.notes.push('distribution disabled');
      continue;
    }
    const hops: Hop[] = [
      { kind: 'internet', id: '0.0.0.0/0', detail: 'HTTP/HTTPS' },
      { kind: 'cloudfront', id: r.id, detail: String(r.config.DomainName ?? '') },
    ];
    merge(res, 443, 'tcp', '0.0.0.0/0', { via: 'cloudfront', ports: 'tcp/80, tcp/443', hops });
    res.ports.push({ protocol: 'tcp', from: 80, to: 80, sources: ['0.0.0.0/0'] });
    for (const origin of originsOf(r, graph)) {
      const or = get(origin);
      merge(or, 443, 'tcp', `via ${r.name}`, {
        via: 'cloudfront',
        ports: 'tcp/443',
        hops: [...hops, { kind: 'origin', id: origin.id, detail: `${origin.type} behind the distribution` }],
      });
    }
  }
}

export { PROTOS };
