import type { Finding } from '../../core/finding.js';
import { compareFindings } from '../../core/order.js';
import type { AlertPayload } from '../../core/units/integration.js';
import type { Alert, Store } from '../../store/index.js';
import type { AlertData } from './raise.js';

/**
 * The documented JSON shape of an alert (`alerts list --format json`, the API, exports). Field
 * names are stable API: id, title, severity, riskScore, factors, owner, status, resources,
 * findings, firstSeen, lastSeen — plus assignee, dueAt, ownerWhy, combination.
 */
export interface AlertView {
  id: string;
  dedupKey: string;
  title: string;
  severity: Alert['severity'];
  riskScore: number;
  factors: string[];
  owner: { name: string; email?: string; slack?: string; jira?: string; team?: string; why: string } | null;
  status: Alert['status'];
  assignee: string | null;
  dueAt: string | null;
  resources: AlertData['resources'];
  findings: { id: string; ruleId: string; title: string; severity: Alert['severity']; status: string; source: string }[];
  combination: string | null;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
}

export async function alertView(store: Store, a: Alert): Promise<AlertView> {
  const d = a.data as unknown as AlertData;
  const ids = await store.alerts.findingIds(a.id);
  const linked: Finding[] = [];
  for (const id of ids) {
    const f = await store.findings.get(id);
    if (f) linked.push(f);
  }
  // Most severe first, the same order on every run (payloads and tickets list them in this order).
  const findings = linked
    .sort(compareFindings)
    .map((f) => ({ id: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity, status: f.status, source: f.source }));
  const o = d.ownerDetail;
  return {
    id: a.id,
    dedupKey: a.dedupKey,
    title: a.title,
    severity: a.severity,
    riskScore: a.riskScore,
    factors: a.factors,
    owner: o
      ? {
          name: o.name,
          ...(o.email && { email: o.email }),
          ...(o.slack && { slack: o.slack }),
          ...(o.jira && { jira: o.jira }),
          ...(o.team && { team: o.team }),
          why: o.why,
        }
      : a.owner
        ? { name: a.owner, why: 'set by hand' }
        : null,
    status: a.status,
    assignee: a.assignee,
    dueAt: a.dueAt,
    resources: d.resources ?? [],
    findings,
    combination: d.combination?.ruleId ?? null,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    resolvedAt: a.resolvedAt,
  };
}

/** What integrations receive. The idempotency key names this alert in this state, so a retry never doubles it. */
export function toPayload(v: AlertView, action: string, url?: string): AlertPayload {
  return {
    id: v.id,
    dedupKey: v.dedupKey,
    idempotencyKey: `${v.dedupKey}:${action}:${v.status}:${v.severity}:${v.lastSeen}`,
    title: v.title,
    severity: v.severity,
    riskScore: v.riskScore,
    factors: v.factors,
    status: v.status,
    ...(v.owner && {
      owner: {
        name: v.owner.name,
        ...(v.owner.email && { email: v.owner.email }),
        ...(v.owner.slack && { slack: v.owner.slack }),
        ...(v.owner.jira && { jira: v.owner.jira }),
        why: v.owner.why,
      },
    }),
    resources: v.resources,
    findings: v.findings.map((f) => ({ id: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity })),
    firstSeen: v.firstSeen,
    lastSeen: v.lastSeen,
    ...(url && { url }),
  };
}
