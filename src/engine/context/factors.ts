import type { Finding } from '../../core/finding.js';
import { compareFindings } from '../../core/order.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { Severity } from '../../core/severity.js';
import { type ContextIndex, type IntelSighting, bySightingStrength } from './index.js';
import { DATABASE_APPLICATIONS, byVulnerabilityWeight, worldOpenPorts } from './sources.js';

/**
 * Factors are the words that justify a score. Each carries the points it adds (or removes) so the
 * score is explainable: the sum of the factors, clamped to 0–100.
 */
export interface Factor {
  text: string;
  points: number;
  kind: 'rule' | 'exposure' | 'application' | 'intel' | 'vulnerability' | 'privilege' | 'data' | 'activity' | 'combination' | 'mitigating';
}

const BASE: Record<Severity, number> = { critical: 70, high: 55, medium: 35, low: 15, info: 5 };

export function severityFromScore(score: number): Severity {
  if (score >= 85) return 'critical';
  if (score >= 60) return 'high';
  if (score >= 35) return 'medium';
  if (score >= 15) return 'low';
  return 'info';
}

/** Does the finding's rule (id or title) mention any of these words? Rules from four families name things differently. */
export function mentions(f: Pick<Finding, 'ruleId' | 'title'>, ...words: string[]): boolean {
  const s = `${f.ruleId} ${f.title}`.toLowerCase();
  return words.some((w) => s.includes(w));
}

export function portsInEvidence(f: Finding): number[] {
  const e = f.evidence as { port?: unknown; ports?: unknown; fromPort?: unknown; dstPort?: unknown };
  const out: number[] = [];
  for (const v of [e.port, e.fromPort, e.dstPort, ...(Array.isArray(e.ports) ? e.ports : [])])
    if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) out.push(Number(v));
  return out;
}

export function shortType(r: ResourceRecord): string {
  const map: Record<string, string> = {
    'aws.ec2.instance': 'instance',
    'aws.rds.db-instance': 'database',
    'aws.ec2.security-group': 'security group',
    'aws.s3.bucket': 'bucket',
    'aws.lambda.function': 'function',
    'aws.iam.user': 'user',
    'aws.iam.role': 'role',
  };
  return map[r.type] ?? r.type.split('.').pop() ?? r.type;
}

export function ago(at: string, now: Date): string {
  const h = (now.getTime() - Date.parse(at)) / 3_600_000;
  if (h <= 24) return 'in the last 24 h';
  if (h <= 24 * 7) return 'in the last 7 days';
  return `on ${at.slice(0, 10)}`;
}

const SIGHTING_WORDS: Record<IntelSighting['how'], string> = {
  from: 'accepted traffic from',
  to: 'traffic to',
  api: 'API calls from',
  named: 'evidence naming',
};

export function sightingText(s: IntelSighting, now: Date): string {
  const cat = s.categories.find((c) => c !== 'malicious' && c !== 'other');
  return `${SIGHTING_WORDS[s.how]} ${s.ip}${cat ? ` (${cat})` : ''}, listed by ${s.feeds.length} feed${s.feeds.length === 1 ? '' : 's'}, ${ago(s.at, now)}`;
}

/** Resources an alert is about, plus what they are attached to (hosts behind a group, the group in front of a host). */
export function scopeOf(resourceIds: readonly string[], ix: ContextIndex): ResourceRecord[] {
  const out = new Map<string, ResourceRecord>();
  for (const id of resourceIds) {
    const r = ix.resource(id);
    if (!r) continue;
    out.set(r.id, r);
    if (r.type === 'aws.ec2.security-group') for (const n of ix.graph.neighbours(r.id, { kind: 'uses-security-group', direction: 'in' })) out.set(n.id, n);
    for (const kind of ['attached-to', 'has-network-interface', 'is'])
      for (const n of ix.graph.neighbours(r.id, { kind })) if (n.type !== 'aws.ec2.security-group') out.set(n.id, n);
  }
  return [...out.values()];
}

/** The factors of a set of findings (one alert) in the light of the index. */
export function factorsFor(findings: readonly Finding[], ix: ContextIndex): Factor[] {
  const factors: Factor[] = [];
  // The most severe finding names the alert; equally severe ones by rule, resource and key, not by read order.
  const top = [...findings].sort(compareFindings)[0];
  if (!top) return factors;
  const resourceIds = [...new Set(findings.map((f) => f.resourceId).filter((x): x is string => Boolean(x)))];
  // Hosts before their network interfaces, so a factor names the instance or database, not its ENI.
  const scope = scopeOf(resourceIds, ix).sort((a, b) => Number(a.type === 'aws.ec2.network-interface') - Number(b.type === 'aws.ec2.network-interface'));

  // The rule itself, in the most specific words we have.
  const sgs = resourceIds.map((id) => ix.resource(id)).filter((r): r is ResourceRecord => r?.type === 'aws.ec2.security-group');
  let ruleText = false;
  for (const sg of sgs) {
    const open = worldOpenPorts(sg);
    const named = [...new Set(findings.filter((f) => f.resourceId === sg.id).flatMap(portsInEvidence))];
    const ports = named.length ? named.filter((p) => open.includes(p) || open.includes(-1)) : open;
    if (ports.length) {
      factors.push({
        text: `security group open to 0.0.0.0/0 on ${ports.includes(-1) ? 'all ports' : ports.join(', ')}`,
        points: BASE[top.severity],
        kind: 'rule',
      });
      ruleText = true;
      if (!ix.graph.neighbours(sg.id, { kind: 'uses-security-group', direction: 'in' }).length)
        factors.push({ text: 'security group is not attached to anything', points: -25, kind: 'mitigating' });
    }
  }
  if (!ruleText)
    factors.push({ text: findings.length > 1 ? `${top.title} (+${findings.length - 1} related)` : top.title, points: BASE[top.severity], kind: 'rule' });

  // What runs there and whether the internet reaches it.
  const seenApps = new Set<string>();
  let exposed = false;
  for (const r of scope) {
    if (r.type === 'aws.ec2.security-group') continue;
    // A network interface is not a host: what runs behind it is counted on its instance or database.
    for (const a of r.type === 'aws.ec2.network-interface' ? [] : ix.applications(r.id)) {
      if (seenApps.has(a.name)) continue;
      seenApps.add(a.name);
      const attached = !resourceIds.includes(r.id);
      const what = r.type === 'aws.rds.db-instance' ? 'a database' : 'a host';
      factors.push({
        text: `${attached ? 'attached to' : 'is'} ${what} running ${a.name} (${r.name})`,
        points: DATABASE_APPLICATIONS.has(a.name) ? 10 : 3,
        kind: 'application',
      });
    }
    const ex = ix.exposure(r.id);
    if (ex?.internetExposed && !exposed) {
      exposed = true;
      factors.push({ text: `${r.name} is reachable from the internet${ex.summary ? ` (${ex.summary})` : ''}`, points: 15, kind: 'exposure' });
    }
  }

  // Traffic from listed addresses on anything in scope: per address, its strongest and latest sighting.
  const sightings = new Map<string, IntelSighting>();
  for (const s of [...scope.flatMap((r) => ix.sightings(r.id)), ...findings.flatMap((f) => (f.resourceId ? ix.sightings(f.resourceId) : []))]) {
    const had = sightings.get(s.ip);
    if (!had || bySightingStrength(s, had) < 0) sightings.set(s.ip, s);
  }
  const bestSightings = [...sightings.values()].sort(bySightingStrength).slice(0, 2);
  for (const s of bestSightings) factors.push({ text: sightingText(s, ix.now), points: s.feeds.length >= 3 ? 25 : 18, kind: 'intel' });

  // Vulnerabilities, privileges and data on anything in scope.
  const vulns = scope.flatMap((r) => ix.vulnerabilities(r.id)).sort(byVulnerabilityWeight);
  const kev = vulns.find((v) => v.kev);
  if (kev) factors.push({ text: `${kev.id} is known to be exploited (CISA KEV)`, points: 15, kind: 'vulnerability' });
  else if (vulns.some((v) => v.severity === 'critical'))
    factors.push({ text: `${vulns.filter((v) => v.severity === 'critical').length} critical vulnerabilities`, points: 8, kind: 'vulnerability' });
  for (const r of scope) {
    for (const p of ix.privileges(r.id)) {
      const who = p.principal.split('/').pop();
      const via = p.principal === r.id ? '' : ` through ${who}`;
      if (p.admin) factors.push({ text: `${r.name} ${via ? 'can act as' : 'is'} an administrator${via}`, points: 10, kind: 'privilege' });
      else if (p.canCreateUsers) factors.push({ text: `${r.name} can create IAM users${via}`, points: 8, kind: 'privilege' });
    }
    const data = ix.sensitivity(r.id);
    if (data) factors.push({ text: `${r.name} holds data tagged ${data}`, points: 10, kind: 'data' });
  }
  return dedupeFactors(factors);
}

function dedupeFactors(list: Factor[]): Factor[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    if (seen.has(f.text)) return false;
    seen.add(f.text);
    return true;
  });
}

export function scoreOf(factors: readonly Factor[]): number {
  return Math.max(0, Math.min(100, Math.round(factors.reduce((s, f) => s + f.points, 0))));
}
