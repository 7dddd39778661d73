import type { Finding } from '../../core/finding.js';
import { stableKey } from '../../core/ids.js';
import type { GraphView } from '../../core/resource.js';
import { mentions } from '../context/factors.js';

/**
 * One alert per root cause. The key decides what "the same cause" is, and must be stable from
 * scan to scan so an alert is updated, resolved and reopened rather than duplicated:
 * - every exposure finding on one security group (forty open ports) → one alert per group;
 * - the same check on one resource → one alert (the finding's own dedup already makes it one finding);
 * - activity on one identity within a window → one alert (a story, not forty events);
 * - network findings on one host within a window → one alert;
 * - vulnerabilities on one host → one alert ("patch this host").
 */
export interface FindingGroup {
  key: string;
  kind: 'exposure' | 'config' | 'activity' | 'network' | 'vulnerability' | 'combination';
  title: string;
  anchorId: string | null;
  findings: Finding[];
  /** Set when a toxic combination produced the group. */
  combination?: { ruleId: string; severity: Finding['severity']; factors: string[] };
}

export interface GroupOptions {
  /** Window of activity and network stories, ms (default 24 h). */
  windowMs: number;
}

const nameOf = (graph: GraphView | undefined, id: string | null) => (id ? (graph?.get(id)?.name ?? id.split(/[/:]/).pop() ?? id) : 'unknown');

/** The identity an activity finding is about, from whatever the detector recorded. */
export function identityOf(f: Finding): string {
  const e = f.evidence as Record<string, unknown> & { userIdentity?: { arn?: string; userName?: string } };
  for (const k of ['identity', 'principal', 'actor', 'userArn', 'userName', 'user']) {
    const v = e[k];
    if (typeof v === 'string' && v) return v;
    // The CloudTrail detectors' `actor` is an object ({ identity, name, type }): without this every
    // activity finding fell through to its resource, and "Suspicious activity by sg-…" grouped by it.
    const id = v && typeof v === 'object' ? (v as { identity?: unknown }).identity : undefined;
    if (typeof id === 'string' && id) return id;
  }
  if (e.userIdentity?.arn) return e.userIdentity.arn;
  return f.resourceId ?? `account:${f.account ?? 'unknown'}`;
}

function windowStart(at: string, windowMs: number): string {
  return new Date(Math.floor(Date.parse(at) / windowMs) * windowMs).toISOString();
}

export function isExposureFinding(f: Finding): boolean {
  return (
    f.source === 'config' &&
    (f.resourceType === 'aws.ec2.security-group' || /security-group/.test(f.ruleId)) &&
    mentions(f, 'ingress', 'port', 'open', 'world', 'public', '0.0.0.0')
  );
}

export function groupOf(f: Finding, opts: GroupOptions, graph?: GraphView): Omit<FindingGroup, 'findings'> {
  if (isExposureFinding(f)) {
    return {
      key: stableKey('exposure', f.resourceId ?? f.account),
      kind: 'exposure',
      title: `Security group ${nameOf(graph, f.resourceId)} open to the internet`,
      anchorId: f.resourceId,
    };
  }
  if (f.source === 'activity') {
    const who = identityOf(f);
    const w = windowStart(f.firstSeen, opts.windowMs);
    const short = who.split('/').pop() ?? who;
    return { key: stableKey('activity', who, w), kind: 'activity', title: `Suspicious activity by ${short}`, anchorId: f.resourceId };
  }
  if (f.source === 'network') {
    const host = f.resourceId ?? `account:${f.account}`;
    const w = windowStart(f.firstSeen, opts.windowMs);
    return {
      key: stableKey('network', host, w),
      kind: 'network',
      title: `Suspicious network traffic on ${nameOf(graph, f.resourceId)}`,
      anchorId: f.resourceId,
    };
  }
  if (f.source === 'vulnerability') {
    return {
      key: stableKey('vulnerability', f.resourceId ?? f.account),
      kind: 'vulnerability',
      title: `Vulnerable software on ${nameOf(graph, f.resourceId)}`,
      anchorId: f.resourceId,
    };
  }
  return { key: stableKey('config', f.ruleId, f.resourceId ?? f.account), kind: 'config', title: f.title, anchorId: f.resourceId };
}

export function groupFindings(findings: readonly Finding[], opts: GroupOptions, graph?: GraphView): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const g = groupOf(f, opts, graph);
    const existing = groups.get(g.key);
    if (existing) existing.findings.push(f);
    else groups.set(g.key, { ...g, findings: [f] });
  }
  // A multi-finding group of one rule reads better with a count.
  for (const g of groups.values()) if (g.kind === 'config' && g.findings.length > 1) g.title = `${g.title} (${g.findings.length})`;
  return [...groups.values()];
}
