import type { FlowRecord } from '../../core/events.js';
import type { AttributedResource } from '../../core/network-events.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { Store } from '../../store/index.js';
import type { NetworkPort } from '../../store/repos/network.repo.js';
import { parseV4 } from '../intel/ip.js';
import { U32Map } from '../intel/u32map.js';

/** The IPv4 side of `byIp`, keyed by the address as a number. */
interface V4Index {
  map: U32Map;
  claims: Claim[][];
  staticOf: Map<string, number>;
  /** One bit per hash of each key (at least 32 bits a key): a clear bit means the address is not in `map`. */
  filter: Int32Array;
  filterShift: number;
}

/** One resource's claim on an ENI or address over a time span (epoch ms; `to` is Infinity while live). */
interface Claim {
  resource: AttributedResource;
  from: number;
  to: number;
}

type Cfg = Record<string, any>;

export interface InventoryItem {
  record: ResourceRecord;
  firstSeen?: string;
  lastSeen?: string;
  deletedAt?: string | null;
}

/** Resource types whose addresses the index knows; the ENI is the primary source. */
export const ATTRIBUTION_TYPES = [
  'aws.ec2.network-interface',
  'aws.ec2.instance',
  'aws.ec2.nat-gateway',
  'aws.elbv2.load-balancer',
  'aws.rds.db-instance',
  'aws.lambda.function',
];

const ids = (list: unknown, key: string): string[] =>
  Array.isArray(list) ? list.map((x) => (x as Cfg)?.[key]).filter((x): x is string => typeof x === 'string') : [];

/**
 * ENI ids and addresses → the resource behind them at a given time. Built from the inventory: an
 * ENI's owner comes from its `attached-to` edge, else its attachment (instance), its interface type
 * (NAT gateway), or the description AWS writes for managed ENIs (load balancers, Lambda, RDS). When
 * an address moved between resources, the claim whose first/last-seen span covers the flow wins.
 */
export class AttributionIndex {
  private readonly byEni = new Map<string, Claim[]>();
  private readonly byIp = new Map<string, Claim[]>();
  /** IPv4 keys of `byIp` as numbers (built on first use): the flow fast path looks up parsed addresses. */
  private v4: V4Index | undefined;

  static fromInventory(items: readonly InventoryItem[], edges: readonly { from: string; to: string; kind: string }[] = []): AttributionIndex {
    const idx = new AttributionIndex();
    const byId = new Map(items.map((i) => [i.record.id, i]));
    const owner = new Map<string, string>();
    for (const e of edges) if (e.kind === 'attached-to') owner.set(e.from, e.to);
    const byType = (t: string) => items.filter((i) => i.record.type === t);
    const span = (i: InventoryItem) => ({
      from: i.firstSeen ? Date.parse(i.firstSeen) : Number.NEGATIVE_INFINITY,
      to: i.deletedAt ? Date.parse(i.deletedAt) : Number.POSITIVE_INFINITY,
    });
    const attributed = (r: ResourceRecord, sgs: string[], pub: boolean, eni?: string): AttributedResource => ({
      id: r.id,
      type: r.type,
      account: r.account,
      region: r.region,
      name: r.name,
      securityGroups: sgs,
      public: pub,
      ...(eni && { eni }),
    });
    const claimedEnis = new Set<string>();

    for (const item of byType('aws.ec2.network-interface')) {
      const c = item.record.config as Cfg;
      const eni: string | undefined = c.NetworkInterfaceId;
      if (!eni) continue;
      const sgs = ids(c.Groups, 'GroupId');
      const privates = new Set<string>(
        [c.PrivateIpAddress, ...ids(c.PrivateIpAddresses, 'PrivateIpAddress'), ...ids(c.Ipv6Addresses, 'Ipv6Address')].filter(Boolean),
      );
      const publics = new Set<string>(
        [c.Association?.PublicIp, ...(Array.isArray(c.PrivateIpAddresses) ? c.PrivateIpAddresses.map((p: Cfg) => p?.Association?.PublicIp) : [])].filter(
          Boolean,
        ),
      );
      const ownerItem = idx.ownerOf(item, byId, owner, items);
      const ownerRec = ownerItem?.record ?? item.record;
      const ownerSgs = sgs.length ? sgs : ids((ownerRec.config as Cfg)?.SecurityGroups, 'GroupId');
      const res = attributed(ownerRec, ownerSgs, publics.size > 0, eni);
      const s = span(item);
      idx.add(idx.byEni, eni, { resource: res, ...s });
      for (const a of [...privates, ...publics]) idx.add(idx.byIp, a, { resource: res, ...s });
      claimedEnis.add(eni);
    }

    // Instances carry their interfaces too: covers inventories collected without ENI resources.
    for (const item of byType('aws.ec2.instance')) {
      const c = item.record.config as Cfg;
      const sgs = ids(c.SecurityGroups, 'GroupId');
      const s = span(item);
      const nics: Cfg[] = Array.isArray(c.NetworkInterfaces) ? c.NetworkInterfaces : [];
      const pub = Boolean(c.PublicIpAddress) || nics.some((n) => n?.Association?.PublicIp);
      for (const n of nics) {
        const eni = n?.NetworkInterfaceId;
        const res = attributed(item.record, sgs, pub, eni);
        if (eni && !claimedEnis.has(eni)) idx.add(idx.byEni, eni, { resource: res, ...s });
        for (const a of [
          n?.PrivateIpAddress,
          n?.Association?.PublicIp,
          ...ids(n?.PrivateIpAddresses, 'PrivateIpAddress'),
          ...ids(n?.Ipv6Addresses, 'Ipv6Address'),
        ])
          if (a && !idx.byIp.has(a)) idx.add(idx.byIp, a, { resource: res, ...s });
      }
      const res = attributed(item.record, sgs, pub, nics[0]?.NetworkInterfaceId);
      for (const a of [c.PrivateIpAddress, c.PublicIpAddress]) if (a && !idx.byIp.has(a)) idx.add(idx.byIp, a, { resource: res, ...s });
    }
    return idx;
  }

  /** The resource an ENI belongs to, from edges, attachment, interface type or description. */
  private ownerOf(
    eniItem: InventoryItem,
    byId: Map<string, InventoryItem>,
    owner: Map<string, string>,
    items: readonly InventoryItem[],
  ): InventoryItem | undefined {
    const r = eniItem.record;
    const c = r.config as Cfg;
    const viaEdge = owner.get(r.id);
    if (viaEdge && byId.has(viaEdge)) return byId.get(viaEdge);
    const instanceId: string | undefined = c.Attachment?.InstanceId;
    if (instanceId)
      return items.find(
        (i) => i.record.type === 'aws.ec2.instance' && (i.record.id.endsWith(`/${instanceId}`) || (i.record.config as Cfg)?.InstanceId === instanceId),
      );
    const eni = c.NetworkInterfaceId;
    if (c.InterfaceType === 'nat_gateway')
      return items.find(
        (i) => i.record.type === 'aws.ec2.nat-gateway' && ids((i.record.config as Cfg)?.NatGatewayAddresses, 'NetworkInterfaceId').includes(eni),
      );
    const desc: string = typeof c.Description === 'string' ? c.Description : '';
    const elb = /^ELB (app|net|gwy)\/([^/]+)\/([0-9a-f]+)$/.exec(desc);
    if (elb) return items.find((i) => i.record.type === 'aws.elbv2.load-balancer' && i.record.id.endsWith(`loadbalancer/${elb[1]}/${elb[2]}/${elb[3]}`));
    const lambda = /^AWS Lambda VPC ENI-(.+?)-[0-9a-f-]{36}$/.exec(desc) ?? /^AWS Lambda VPC ENI-(.+)$/.exec(desc);
    if (lambda) {
      const fn = lambda[1] as string;
      return items
        .filter((i) => i.record.type === 'aws.lambda.function' && fn.startsWith(i.record.name))
        .sort((a, b) => b.record.name.length - a.record.name.length)[0];
    }
    if (desc === 'RDSNetworkInterface') {
      const sgs = new Set(ids(c.Groups, 'GroupId'));
      return items.find(
        (i) =>
          i.record.type === 'aws.rds.db-instance' &&
          i.record.account === r.account &&
          ids((i.record.config as Cfg)?.VpcSecurityGroups, 'VpcSecurityGroupId').some((g) => sgs.has(g)),
      );
    }
    return undefined;
  }

  private add(m: Map<string, Claim[]>, k: string, c: Claim): void {
    const list = m.get(k);
    if (list) list.push(c);
    else m.set(k, [c]);
  }

  private pick(list: Claim[] | undefined, t: number): AttributedResource | undefined {
    if (!list) return undefined;
    if (list.length === 1) return (list[0] as Claim).resource;
    let best: Claim | undefined;
    let bestGap = Number.POSITIVE_INFINITY;
    for (const c of list) {
      const gap = t < c.from ? c.from - t : t > c.to ? t - c.to : 0;
      if (gap < bestGap) {
        best = c;
        bestGap = gap;
      }
    }
    return best?.resource;
  }

  eni(id: string, t: number): AttributedResource | undefined {
    return this.pick(this.byEni.get(id), t);
  }

  address(ip: string, t: number): AttributedResource | undefined {
    return this.pick(this.byIp.get(ip), t);
  }

  private v4Index(): V4Index {
    let v4 = this.v4;
    if (!v4) {
      let bits = 1 << 16;
      while (bits < this.byIp.size * 32) bits *= 2;
      v4 = { map: new U32Map(this.byIp.size), claims: [], staticOf: new Map(), filter: new Int32Array(bits >>> 5), filterShift: 32 - Math.log2(bits) };
      for (const [ip, list] of this.byIp) {
        const k = parseV4(ip);
        if (k < 0) continue;
        const b = Math.imul(k, 0x85ebca6b) >>> v4.filterShift;
        v4.filter[b >>> 5] = (v4.filter[b >>> 5] as number) | (1 << (b & 31));
        v4.map.set(k, v4.claims.length);
        v4.claims.push(list);
        const id = list.length === 1 ? (list[0] as Claim).resource.id : undefined;
        if (id !== undefined && !v4.staticOf.has(id)) v4.staticOf.set(id, k);
      }
      this.v4 = v4;
    }
    return v4;
  }

  /**
   * `address` for an IPv4 address already parsed to a number. Most flow peers are no resource of
   * ours: their filter bit (a table that stays in the CPU cache) answers without probing the map.
   */
  addressV4(n: number, t: number): AttributedResource | undefined {
    const v4 = this.v4 ?? this.v4Index();
    const b = Math.imul(n, 0x85ebca6b) >>> v4.filterShift;
    if ((((v4.filter[b >>> 5] as number) >>> (b & 31)) & 1) === 0) return undefined;
    const i = v4.map.get(n);
    return i === undefined ? undefined : this.pick(v4.claims[i], t);
  }

  /**
   * An IPv4 address (as a number) that `addressV4` attributes to resource `id` at every time (its only
   * claim is that resource's), else -1: a flow whose end is that address needs no lookup to tell it is ours.
   */
  staticV4Of(id: string): number {
    return (this.v4 ?? this.v4Index()).staticOf.get(id) ?? -1;
  }

  /** True when an ENI's owner does not depend on the time (one claim, or none): callers may cache it. */
  eniIsStatic(id: string): boolean {
    return (this.byEni.get(id)?.length ?? 0) <= 1;
  }

  /** Our end of a flow: its ENI's resource, else the flow's own instance id (v3+ logs), else undefined. */
  forFlow(f: FlowRecord, t: number): AttributedResource | undefined {
    if (f.interfaceId) {
      const r = this.eni(f.interfaceId, t);
      if (r) return r;
    }
    return undefined;
  }

  get size(): { enis: number; addresses: number } {
    return { enis: this.byEni.size, addresses: this.byIp.size };
  }
}

/** Reads the inventory (incl. deleted resources, for flows from before a deletion) and builds the index. */
export async function buildAttributionIndex(store: Store): Promise<AttributionIndex> {
  const items: InventoryItem[] = [];
  for (const type of ATTRIBUTION_TYPES)
    for await (const batch of store.resources.stream({ type, includeDeleted: true }))
      for (const r of batch) items.push({ record: r, firstSeen: r.firstSeen, lastSeen: r.lastSeen, deletedAt: r.deletedAt });
  const edges = await store.db.kysely.selectFrom('edges').select(['from_id', 'to_id', 'kind']).where('kind', '=', 'attached-to').execute();
  return AttributionIndex.fromInventory(
    items,
    edges.map((e) => ({ from: e.from_id, to: e.to_id, kind: e.kind })),
  );
}

/** A resource named only by the flow record (no inventory): its instance, else its ENI. */
export function fallbackResource(f: FlowRecord): AttributedResource | undefined {
  const account = f.account ?? 'unknown';
  const region = f.region ?? 'unknown';
  if (f.instanceId)
    return {
      id: `arn:aws:ec2:${region}:${account}:instance/${f.instanceId}`,
      type: 'aws.ec2.instance',
      account,
      region,
      name: f.instanceId,
      securityGroups: [],
      public: false,
      ...(f.interfaceId && { eni: f.interfaceId }),
    };
  if (f.interfaceId)
    return {
      id: `arn:aws:ec2:${region}:${account}:network-interface/${f.interfaceId}`,
      type: 'aws.ec2.network-interface',
      account,
      region,
      name: f.interfaceId,
      securityGroups: [],
      public: false,
      eni: f.interfaceId,
    };
  return undefined;
}

/**
 * Ports a resource was seen serving in flow logs (accepted inbound connections): what exposure and
 * vulnerability context read to tell "port open in a rule" from "port actually answering".
 */
export async function observedListeningPorts(store: Store, resourceId: string): Promise<NetworkPort[]> {
  return store.network.ports({ resourceId, direction: 'inbound' });
}
