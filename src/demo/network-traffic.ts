import { DEMO } from './story.js';

/**
 * Deterministic synthetic flow and DNS traffic: the demo's logs, the conformance suite's background
 * with injected attacks, and the flow-log benchmark all come from here. Same seed, same bytes.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Host {
  account: string;
  region: string;
  vpc: string;
  subnet: string;
  instanceId?: string;
  eni: string;
  privateIp: string;
  publicIp?: string;
  /** Ports it serves. */
  serves: number[];
  name: string;
}

export interface Flow {
  account: string;
  eni: string;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action: 'ACCEPT' | 'REJECT';
  vpc: string;
  subnet: string;
  instanceId?: string;
  tcpFlags: number;
  region: string;
  direction: 'ingress' | 'egress';
}

/** The v5 all-fields layout the demo writes, with its header line. */
export const DEMO_FLOW_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';

export function flowLine(f: Flow): string {
  return [
    5,
    f.account,
    f.eni,
    f.src,
    f.dst,
    f.sport,
    f.dport,
    f.proto,
    f.packets,
    f.bytes,
    f.start,
    f.end,
    f.action,
    'OK',
    f.vpc,
    f.subnet,
    f.instanceId ?? '-',
    f.tcpFlags,
    f.src.includes(':') ? 'IPv6' : 'IPv4',
    f.src,
    f.dst,
    f.region,
    '-',
    '-',
    '-',
    '-',
    '-',
    f.direction,
    f.direction === 'egress' ? 8 : '-',
  ].join(' ');
}

/** A v2 default-format line (the benchmark's input). */
export function flowLineV2(f: Flow): string {
  return `2 ${f.account} ${f.eni} ${f.src} ${f.dst} ${f.sport} ${f.dport} ${f.proto} ${f.packets} ${f.bytes} ${f.start} ${f.end} ${f.action} OK`;
}

/** Both records of one connection as the ENI logs them: the request and the response. */
export function connection(
  h: Host,
  o: { peer: string; port: number; inbound: boolean; at: number; dur?: number; bytes?: number; packets?: number; action?: 'ACCEPT' | 'REJECT'; sport?: number },
): Flow[] {
  const dur = o.dur ?? 30;
  const base = { account: h.account, eni: h.eni, proto: 6, vpc: h.vpc, subnet: h.subnet, region: h.region, ...(h.instanceId && { instanceId: h.instanceId }) };
  const eph = o.sport ?? 32768 + ((o.at * 7 + o.port * 13) % 28000);
  const bytes = o.bytes ?? 4000;
  const packets = o.packets ?? 12;
  const action = o.action ?? 'ACCEPT';
  const req: Flow = o.inbound
    ? {
        ...base,
        src: o.peer,
        dst: h.privateIp,
        sport: eph,
        dport: o.port,
        packets,
        bytes: Math.round(bytes * 0.3) + 40,
        start: o.at,
        end: o.at + dur,
        action,
        tcpFlags: action === 'REJECT' ? 2 : 3,
        direction: 'ingress',
      }
    : {
        ...base,
        src: h.privateIp,
        dst: o.peer,
        sport: eph,
        dport: o.port,
        packets,
        bytes: Math.round(bytes * 0.3) + 40,
        start: o.at,
        end: o.at + dur,
        action,
        tcpFlags: 3,
        direction: 'egress',
      };
  if (action === 'REJECT') return [req];
  const resp: Flow = o.inbound
    ? {
        ...base,
        src: h.privateIp,
        dst: o.peer,
        sport: o.port,
        dport: eph,
        packets,
        bytes: Math.round(bytes * 0.7) + 40,
        start: o.at,
        end: o.at + dur,
        action,
        tcpFlags: 19,
        direction: 'egress',
      }
    : {
        ...base,
        src: o.peer,
        dst: h.privateIp,
        sport: o.port,
        dport: eph,
        packets,
        bytes: Math.round(bytes * 0.7) + 40,
        start: o.at,
        end: o.at + dur,
        action,
        tcpFlags: 19,
        direction: 'ingress',
      };
  return [req, resp];
}

const web = (r: () => number) =>
  `${[23, 34, 52, 81, 104, 151, 185, 198][Math.floor(r() * 8)]}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 250)}`;

/** Ordinary traffic for a set of hosts over `hours` from `t0` (epoch s): web clients, updates, SaaS, internal DB. */
export function background(hosts: readonly Host[], t0: number, hours: number, seed = 7, perHour = 40): Flow[] {
  const r = rng(seed);
  const saas = ['140.82.112.3', '151.101.1.69', '52.94.236.248', '13.107.42.14', '104.16.132.229'];
  const out: Flow[] = [];
  for (let h = 0; h < hours; h++) {
    for (const host of hosts) {
      for (let i = 0; i < perHour; i++) {
        const at = t0 + h * 3600 + Math.floor(r() * 3600);
        const kind = r();
        if (kind < 0.5 && host.serves.includes(443))
          out.push(...connection(host, { peer: web(r), port: 443, inbound: true, at, bytes: 2000 + Math.floor(r() * 60000) }));
        else if (kind < 0.8)
          out.push(
            ...connection(host, { peer: saas[Math.floor(r() * saas.length)] as string, port: 443, inbound: false, at, bytes: 5000 + Math.floor(r() * 200000) }),
          );
        else if (kind < 0.9)
          out.push(
            ...connection(host, { peer: '10.20.0.2', port: 53, inbound: false, at, bytes: 300, packets: 2 }).map((f) => ({ ...f, proto: 17, tcpFlags: 0 })),
          );
        else {
          const internal = hosts[Math.floor(r() * hosts.length)] as Host;
          if (internal !== host && internal.serves.length)
            out.push(...connection(internal, { peer: host.privateIp, port: internal.serves[0] as number, inbound: true, at, bytes: 8000 }));
        }
      }
    }
  }
  return out;
}

// ---- attacks (each returns flows from the attacked host's ENI) ----

export const attacks = {
  scan: (h: Host, src: string, at: number, ports = 60): Flow[] =>
    Array.from({ length: ports }, (_, i) => {
      const port =
        [21, 22, 23, 25, 80, 110, 135, 139, 143, 443, 445, 993, 1433, 1521, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017][i] ??
        1000 + i * 37;
      const open = h.serves.includes(port);
      return connection(h, {
        peer: src,
        port,
        inbound: true,
        at: at + i,
        dur: 1,
        bytes: 120,
        packets: 2,
        action: open ? 'ACCEPT' : 'REJECT',
        sport: 51000 + (i % 3),
      });
    }).flat(),
  sweep: (hosts: readonly Host[], src: string, port: number, at: number): Flow[] =>
    hosts.flatMap((h, i) => connection(h, { peer: src, port, inbound: true, at: at + i * 2, dur: 1, bytes: 80, packets: 1, action: 'REJECT', sport: 44000 })),
  bruteForce: (h: Host, src: string, port: number, at: number, attempts = 60): Flow[] =>
    Array.from({ length: attempts }, (_, i) =>
      connection(h, { peer: src, port, inbound: true, at: at + i * 4, dur: 3, bytes: 3200, packets: 18, sport: 40000 + i }),
    ).flat(),
  mining: (h: Host, pool: string, port: number, at: number, hours = 6): Flow[] =>
    Array.from({ length: hours * 6 }, (_, i) =>
      connection(h, { peer: pool, port, inbound: false, at: at + i * 600, dur: 600, bytes: 2400, packets: 30, sport: 41234 }),
    ).flat(),
  exfiltration: (h: Host, dest: string, at: number, gb = 6): Flow[] =>
    Array.from({ length: 60 }, (_, i) =>
      connection(h, { peer: dest, port: 443, inbound: false, at: at + i * 55, dur: 55, bytes: Math.round((gb * 1e9) / 60 / 0.3), packets: 400_000 }),
    ).flat(),
};

// ---- the demo organisation ----

export const DEMO_HOSTS: Record<'mongo' | 'database' | 'miner' | 'web1' | 'web2', Host> = {
  mongo: {
    account: DEMO.mongoHost.account,
    region: DEMO.mongoHost.region,
    vpc: 'vpc-0a1b2c3d4e5f60000',
    subnet: 'subnet-0a1b2c3d4e5f60001',
    instanceId: DEMO.mongoHost.instanceId,
    eni: DEMO.mongoHost.eni,
    privateIp: DEMO.mongoHost.privateIp,
    publicIp: DEMO.mongoHost.publicIp,
    serves: [...DEMO.mongoHost.ports, 443],
    name: 'mongo-app',
  },
  database: {
    account: DEMO.database.account,
    region: DEMO.database.region,
    vpc: 'vpc-0a1b2c3d4e5f60000',
    subnet: 'subnet-0a1b2c3d4e5f60002',
    eni: DEMO.database.eni,
    privateIp: DEMO.database.privateIp,
    publicIp: DEMO.database.publicIp,
    serves: [DEMO.database.port],
    name: DEMO.database.dbInstanceId,
  },
  miner: {
    account: DEMO.miner.account,
    region: DEMO.miner.region,
    vpc: 'vpc-0d1e2f3a4b5c60000',
    subnet: 'subnet-0d1e2f3a4b5c60001',
    instanceId: DEMO.miner.instanceId,
    eni: DEMO.miner.eni,
    privateIp: DEMO.miner.privateIp,
    publicIp: DEMO.miner.publicIp,
    serves: [22],
    name: 'ci-runner',
  },
  web1: {
    account: DEMO.accounts.prod.id,
    region: 'us-east-1',
    vpc: 'vpc-0a1b2c3d4e5f60000',
    subnet: 'subnet-0a1b2c3d4e5f60001',
    instanceId: 'i-0a1b2c3d4e5f60011',
    eni: 'eni-0a1b2c3d4e5f60011',
    privateIp: '10.20.1.11',
    serves: [443],
    name: 'web-1',
  },
  web2: {
    account: DEMO.accounts.prod.id,
    region: 'us-east-1',
    vpc: 'vpc-0a1b2c3d4e5f60000',
    subnet: 'subnet-0a1b2c3d4e5f60001',
    instanceId: 'i-0a1b2c3d4e5f60012',
    eni: 'eni-0a1b2c3d4e5f60012',
    privateIp: '10.20.1.12',
    serves: [443],
    name: 'web-2',
  },
};

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

export interface ResolverLine {
  account: string;
  region: string;
  vpc: string;
  at: number;
  name: string;
  src: string;
  instanceId?: string;
  answer?: string;
  rcode?: string;
}

export function resolverLine(q: ResolverLine): string {
  return JSON.stringify({
    version: '1.100000',
    account_id: q.account,
    region: q.region,
    vpc_id: q.vpc,
    query_timestamp: iso(q.at),
    query_name: `${q.name}.`,
    query_type: 'A',
    query_class: 'IN',
    rcode: q.rcode ?? 'NOERROR',
    answers: q.answer ? [{ Rdata: q.answer, Type: 'A', Class: 'IN' }] : [],
    srcaddr: q.src,
    srcport: '53153',
    transport: 'UDP',
    srcids: q.instanceId ? { instance: q.instanceId } : {},
  });
}

const NORMAL_NAMES = [
  'api.github.com',
  'registry.npmjs.org',
  'sts.us-east-1.amazonaws.com',
  's3.us-east-1.amazonaws.com',
  'hooks.slack.com',
  'api.stripe.com',
  'security.ubuntu.com',
  'ntp.ubuntu.com',
  'www.google.com',
  'login.microsoftonline.com',
];

export function dnsBackground(hosts: readonly Host[], t0: number, hours: number, seed = 11, perHour = 20): ResolverLine[] {
  const r = rng(seed);
  const out: ResolverLine[] = [];
  for (let h = 0; h < hours; h++)
    for (const host of hosts)
      for (let i = 0; i < perHour; i++)
        out.push({
          account: host.account,
          region: host.region,
          vpc: host.vpc,
          at: t0 + h * 3600 + Math.floor(r() * 3600),
          name: NORMAL_NAMES[Math.floor(r() * NORMAL_NAMES.length)] as string,
          src: host.privateIp,
          ...(host.instanceId && { instanceId: host.instanceId }),
          answer: '52.94.236.248',
        });
  return out;
}

/** The demo story's network logs: one and a half days of ordinary traffic, and the incidents. */
export function demoNetworkLogs(): { flows: Flow[]; dns: ResolverLine[] } {
  const now = Date.parse(DEMO.now) / 1000;
  const t0 = now - 36 * 3600;
  const hosts = Object.values(DEMO_HOSTS);
  const flows = background(hosts, t0, 36, 7, 30);
  const day = now - 6 * 3600; // 06:00 on the demo day
  const { mongo, database, miner } = DEMO_HOSTS;
  // The scanner sweeps the open MongoDB host: 60 ports in a minute, 22 and 27017 answer.
  flows.push(...attacks.scan(mongo, DEMO.scannerIp, day));
  // The listed address reaches the public database on 5432 and stays a while.
  for (let i = 0; i < 8; i++)
    flows.push(
      ...connection(database, {
        peer: DEMO.maliciousIp,
        port: DEMO.database.port,
        inbound: true,
        at: day + 1800 + i * 300,
        dur: 240,
        bytes: 250_000,
        packets: 600,
      }),
    );
  // The compromised dev instance mines: stratum to the pool, all day.
  flows.push(...attacks.mining(miner, DEMO.miner.poolIp, DEMO.miner.poolPort, now - 30 * 3600, 30));
  flows.sort((a, b) => a.start - b.start || a.eni.localeCompare(b.eni));
  const dns = dnsBackground(
    hosts.filter((h) => h.instanceId),
    t0,
    36,
    11,
    12,
  );
  for (let i = 0; i < 30; i++)
    dns.push({
      account: miner.account,
      region: miner.region,
      vpc: miner.vpc,
      at: now - 30 * 3600 + i * 3600,
      name: DEMO.miner.poolDomain,
      src: miner.privateIp,
      instanceId: miner.instanceId as string,
      answer: DEMO.miner.poolIp,
    });
  dns.sort((a, b) => a.at - b.at);
  return { flows, dns };
}
