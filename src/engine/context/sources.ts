import type { Finding } from '../../core/finding.js';
import { type IntelLookup, NO_INTEL } from '../../core/intel.js';
import { type EdgeRecord, type GraphView, type ResourceRecord, memoryGraph } from '../../core/resource.js';
import { byText } from '../../core/order.js';
import { type Severity, bySeverityDesc } from '../../core/severity.js';
import type { Store } from '../../store/index.js';

/**
 * What context knows about a resource beyond its own configuration. Each capability computes its
 * part (exposure paths and application profiles: issue 7; intel: issue 6; vulnerabilities: issue 4)
 * and the integrator wires the real implementations in; the default below derives what it can
 * from the inventory alone, so alerts are useful before (and without) those capabilities.
 */
export interface ExposureFact {
  internetExposed: boolean;
  /** Ports reachable from the internet, when known. */
  ports?: number[];
  /** One line, e.g. "public IP 54.210.10.30, security group open to 0.0.0.0/0 on 5432". */
  summary?: string;
}

export interface ApplicationFact {
  name: string;
  port?: number;
  version?: string;
  /** Why we believe it runs there ("port 27017 open", "SSM inventory", "AMI name"). */
  evidence?: string;
}

export interface VulnerabilityFact {
  id: string;
  severity: Severity;
  /** Listed in CISA's Known Exploited Vulnerabilities. */
  kev?: boolean;
  /** CVSS base score, when the scanner gave a vector. */
  score?: number;
  epss?: number;
  package?: string;
}

/**
 * The vulnerability that weighs most comes first: known exploited (CISA KEV), then the most severe,
 * the highest CVSS score and EPSS, then the id — the order the vulnerability ranking weighs them
 * in. Context names "the" CVE of a host (`find`, `[0]`) from a list in this order, so the CVE it
 * names is the one that decides the risk, and the same one on every run.
 */
export function byVulnerabilityWeight(a: VulnerabilityFact, b: VulnerabilityFact): number {
  return (
    Number(Boolean(b.kev)) - Number(Boolean(a.kev)) ||
    bySeverityDesc(a.severity, b.severity) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    (b.epss ?? -1) - (a.epss ?? -1) ||
    byText(a.id, b.id)
  );
}

export interface PrivilegeFact {
  /** The role or user whose policies grant it. */
  principal: string;
  admin: boolean;
  canCreateUsers: boolean;
  canPassRole?: boolean;
}

export interface ContextSources {
  exposure(resourceId: string): Promise<ExposureFact | undefined>;
  applications(resourceId: string): Promise<ApplicationFact[]>;
  vulnerabilities(resourceId: string): Promise<VulnerabilityFact[]>;
  /** Privileges the resource can exercise (an instance through its role, a user through its policies). */
  privileges(resourceId: string): Promise<PrivilegeFact[]>;
  intel: IntelLookup;
}

/** The bounded neighbourhood of the findings' resources, loaded once per alert run. */
export async function loadNeighbourhood(store: Store, ids: readonly string[], depth = 2): Promise<GraphView> {
  const seen = new Set<string>();
  const edges: EdgeRecord[] = [];
  const edgeKeys = new Set<string>();
  let frontier = [...new Set(ids)];
  for (let d = 0; d <= depth && frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (d === depth) continue;
      for (const e of await store.edges.of(id)) {
        const k = `${e.from}\u0000${e.to}\u0000${e.kind}`;
        if (!edgeKeys.has(k)) {
          edgeKeys.add(k);
          edges.push({ from: e.from, to: e.to, kind: e.kind });
        }
        next.push(e.direction === 'out' ? e.to : e.from);
      }
    }
    frontier = next;
  }
  const resources: ResourceRecord[] = (await store.resources.getMany([...seen])).filter((r) => r.deletedAt === null);
  return memoryGraph(resources, edges);
}

type Ingress = { FromPort?: number; ToPort?: number; IpProtocol?: string; IpRanges?: { CidrIp?: string }[]; Ipv6Ranges?: { CidrIpv6?: string }[] };

/** Ports a security group opens to the whole internet (0.0.0.0/0 or ::/0); -1 means all ports. */
export function worldOpenPorts(sg: ResourceRecord | undefined): number[] {
  if (sg?.type !== 'aws.ec2.security-group') return [];
  const perms = ((sg.config as { IpPermissions?: Ingress[] }).IpPermissions ?? []) as Ingress[];
  const out = new Set<number>();
  for (const p of perms) {
    const world = (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0') || (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === '::/0');
    if (!world) continue;
    if (p.IpProtocol === '-1' || p.FromPort === undefined) {
      out.add(-1);
      continue;
    }
    const to = p.ToPort ?? p.FromPort;
    // Wide ranges are "all ports" for context purposes; listing 65k numbers helps no one.
    if (to - p.FromPort > 1024) out.add(-1);
    else for (let port = p.FromPort; port <= to; port++) out.add(port);
  }
  return [...out].sort((a, b) => a - b);
}

/** Well-known ports of stateful services: an open one hints at what runs behind the group. */
export const PORT_APPLICATIONS: Record<number, string> = {
  22: 'SSH',
  23: 'Telnet',
  3389: 'RDP',
  1433: 'SQL Server',
  1521: 'Oracle',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  6379: 'Redis',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
  5984: 'CouchDB',
  9042: 'Cassandra',
  2375: 'Docker API',
  5601: 'Kibana',
};

export const DATABASE_APPLICATIONS = new Set([
  'MySQL',
  'PostgreSQL',
  'Redis',
  'Elasticsearch',
  'Memcached',
  'MongoDB',
  'CouchDB',
  'Cassandra',
  'SQL Server',
  'Oracle',
]);

const ENGINE_APPLICATIONS: Record<string, string> = {
  postgres: 'PostgreSQL',
  'aurora-postgresql': 'PostgreSQL',
  mysql: 'MySQL',
  'aurora-mysql': 'MySQL',
  mariadb: 'MySQL',
  'sqlserver-se': 'SQL Server',
  'oracle-ee': 'Oracle',
};

function securityGroupsOf(graph: GraphView, r: ResourceRecord): ResourceRecord[] {
  if (r.type === 'aws.ec2.security-group') return [r];
  return graph.neighbours(r.id, { kind: 'uses-security-group', direction: 'out' });
}

function hasPublicAddress(r: ResourceRecord): boolean {
  const c = r.config as Record<string, unknown>;
  if (r.type === 'aws.ec2.instance') return typeof c.PublicIpAddress === 'string';
  if (r.type === 'aws.rds.db-instance') return c.PubliclyAccessible === true;
  if (r.type === 'aws.ec2.network-interface') return Boolean((c.Association as { PublicIp?: string } | undefined)?.PublicIp);
  return false;
}

type PolicyDoc = { Statement?: Stmt | Stmt[] };
type Stmt = { Effect?: string; Action?: string | string[]; Resource?: string | string[] };

function statements(doc: unknown): Stmt[] {
  const s = (doc as PolicyDoc | undefined)?.Statement;
  return s ? (Array.isArray(s) ? s : [s]) : [];
}

function allows(doc: unknown, action: string): boolean {
  const [svc] = action.split(':');
  return statements(doc).some((s) => {
    if (s.Effect !== 'Allow') return false;
    const acts = Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];
    return acts.some((a) => a === '*' || a === action || a === `${svc}:*` || (a.endsWith('*') && action.startsWith(a.slice(0, -1))));
  });
}

/** Privileges of a user or role from its attached (by name) and inline policies, and linked policy resources. */
export function principalPrivileges(graph: GraphView, principal: ResourceRecord): PrivilegeFact {
  const c = principal.config as { attachedPolicies?: { PolicyName?: string; PolicyArn?: string }[]; inlinePolicies?: { PolicyDocument?: unknown }[] };
  const docs: unknown[] = (c.inlinePolicies ?? []).map((p) => p.PolicyDocument);
  for (const p of graph.neighbours(principal.id, { kind: 'has-policy', direction: 'out' })) docs.push((p.config as { document?: unknown }).document);
  const attached = (c.attachedPolicies ?? []).map((p) => p.PolicyName ?? p.PolicyArn ?? '');
  const admin = attached.some((n) => /AdministratorAccess$/.test(n)) || docs.some((d) => allows(d, '*:*') || allows(d, 'iam:*'));
  const canCreateUsers = admin || attached.some((n) => /IAMFullAccess$/.test(n)) || docs.some((d) => allows(d, 'iam:CreateUser'));
  const canPassRole = admin || docs.some((d) => allows(d, 'iam:PassRole'));
  return { principal: principal.id, admin, canCreateUsers, canPassRole };
}

/**
 * The default: everything derived from the inventory graph and the findings table. Exposure is a
 * public address behind a world-open group (no route/NACL analysis: that is issue 7's job);
 * applications come from SSM inventory, RDS engines and well-known open ports; vulnerabilities are
 * the open vulnerability findings on the resource.
 */
export function inventoryContextSources(graph: GraphView, findings: readonly Finding[], intel: IntelLookup = NO_INTEL): ContextSources {
  const vulnsByResource = new Map<string, VulnerabilityFact[]>();
  for (const f of findings) {
    if (f.source !== 'vulnerability' || f.status !== 'open' || !f.resourceId) continue;
    const e = f.evidence as { cve?: string; vulnerabilityId?: string; kev?: unknown; cvss?: { score?: unknown } | null; epss?: number; package?: string };
    const list = vulnsByResource.get(f.resourceId) ?? [];
    list.push({
      id: e.cve ?? e.vulnerabilityId ?? f.ruleId,
      severity: f.severity,
      // The vulnerability stage records KEV as its catalogue entry (or null), other feeds as a flag.
      ...(e.kev !== undefined && { kev: Boolean(e.kev) }),
      ...(typeof e.cvss?.score === 'number' && { score: e.cvss.score }),
      ...(typeof e.epss === 'number' && { epss: e.epss }),
      ...(e.package && { package: e.package }),
    });
    vulnsByResource.set(f.resourceId, list);
  }
  return {
    intel,
    async exposure(id) {
      const r = graph.get(id);
      if (!r) return undefined;
      const ports = [...new Set(securityGroupsOf(graph, r).flatMap(worldOpenPorts))];
      if (r.type === 'aws.ec2.security-group') {
        const attached = graph.neighbours(id, { kind: 'uses-security-group', direction: 'in' }).filter(hasPublicAddress);
        return {
          internetExposed: ports.length > 0 && attached.length > 0,
          ports,
          summary: attached.length ? `attached to ${attached.map((a) => a.name).join(', ')}` : 'attached to nothing public',
        };
      }
      const exposed = hasPublicAddress(r) && ports.length > 0;
      return {
        internetExposed: exposed,
        ports,
        ...(exposed && { summary: `public address with ${ports.includes(-1) ? 'all ports' : `port ${ports.join(', ')}`} open to the internet` }),
      };
    },
    async applications(id) {
      const r = graph.get(id);
      if (!r) return [];
      const apps: ApplicationFact[] = [];
      const targets = r.type === 'aws.ec2.security-group' ? graph.neighbours(id, { kind: 'uses-security-group', direction: 'in' }) : [r];
      for (const t of targets) {
        if (t.type === 'aws.rds.db-instance') {
          const engine = String((t.config as { Engine?: string }).Engine ?? '');
          apps.push({ name: ENGINE_APPLICATIONS[engine] ?? engine, evidence: `RDS engine ${engine}` });
        }
        for (const m of graph.neighbours(t.id, { kind: 'is', direction: 'in' })) {
          for (const a of ((m.config as { inventory?: { Name?: string; Version?: string }[] }).inventory ?? []) as { Name?: string; Version?: string }[]) {
            const known = Object.values(PORT_APPLICATIONS).find((n) => a.Name?.toLowerCase().includes(n.toLowerCase()));
            if (known) apps.push({ name: known, ...(a.Version && { version: a.Version }), evidence: 'SSM inventory' });
          }
        }
        const image = String((t.config as { ImageName?: string }).ImageName ?? '');
        for (const n of Object.values(PORT_APPLICATIONS)) if (image.toLowerCase().includes(n.toLowerCase())) apps.push({ name: n, evidence: `image ${image}` });
      }
      for (const port of [...new Set(securityGroupsOf(graph, r).flatMap(worldOpenPorts))]) {
        const name = PORT_APPLICATIONS[port];
        if (name && !apps.some((a) => a.name === name)) apps.push({ name, port, evidence: `port ${port} open` });
      }
      return apps;
    },
    async vulnerabilities(id) {
      return vulnsByResource.get(id) ?? [];
    },
    async privileges(id) {
      const r = graph.get(id);
      if (!r) return [];
      if (r.type === 'aws.iam.user' || r.type === 'aws.iam.role') return [principalPrivileges(graph, r)];
      return graph.neighbours(id, { kind: 'has-role', direction: 'out' }).map((role) => principalPrivileges(graph, role));
    },
  };
}
