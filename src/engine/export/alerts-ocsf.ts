import type { ControlRef } from '../../core/units/common.js';
import type { AlertView } from '../alerts/view.js';

/**
 * OCSF 1.3 for alerts: Detection Finding (class 2004) for alerts about threats and exposure, and
 * Compliance Finding (class 2003) for alerts made only of configuration-check findings, with the
 * controls they map to. Times are epoch milliseconds as OCSF requires.
 */
const SEVERITY_ID: Record<string, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const STATUS: Record<string, [number, string]> = {
  open: [1, 'New'],
  acknowledged: [2, 'In Progress'],
  suppressed: [3, 'Suppressed'],
  resolved: [4, 'Resolved'],
};

export interface ExportAlert extends AlertView {
  /** Compliance references of the alert's findings, and their sources. */
  compliance: ControlRef[];
  sources: string[];
}

export function toOcsf(a: ExportAlert, productVersion = '0.1.0'): Record<string, unknown> {
  const compliance = a.sources.length > 0 && a.sources.every((s) => s === 'config') && a.compliance.length > 0;
  const classUid = compliance ? 2003 : 2004;
  const [statusId, status] = STATUS[a.status] ?? [99, a.status];
  const first = a.resources[0];
  return {
    class_uid: classUid,
    class_name: compliance ? 'Compliance Finding' : 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: a.status === 'resolved' ? 3 : 1,
    activity_name: a.status === 'resolved' ? 'Close' : 'Create',
    type_uid: classUid * 100 + (a.status === 'resolved' ? 3 : 1),
    time: Date.parse(a.lastSeen),
    severity_id: SEVERITY_ID[a.severity] ?? 0,
    severity: a.severity.charAt(0).toUpperCase() + a.severity.slice(1),
    status_id: statusId,
    status,
    message: a.title,
    metadata: { version: '1.3.0', product: { name: 'Skywatch', vendor_name: 'Skywatch', version: productVersion }, uid: a.id, correlation_uid: a.dedupKey },
    finding_info: {
      uid: a.id,
      title: a.title,
      desc: a.factors.join('; '),
      first_seen_time: Date.parse(a.firstSeen),
      last_seen_time: Date.parse(a.lastSeen),
      types: a.combination ? ['toxic-combination', a.combination] : [...new Set(a.findings.map((f) => f.ruleId))],
      related_events: a.findings.map((f) => ({ uid: f.id, type: f.source, title: f.title, severity_id: SEVERITY_ID[f.severity] ?? 0 })),
    },
    risk_score: a.riskScore,
    risk_level: a.severity.charAt(0).toUpperCase() + a.severity.slice(1),
    risk_details: a.factors.join(' + '),
    resources: a.resources.map((r) => ({
      uid: r.id,
      type: r.type,
      name: r.name,
      region: r.region,
      cloud_partition: r.id.startsWith('arn:aws-us-gov') ? 'aws-us-gov' : 'aws',
      owner: { account: { uid: r.account } },
    })),
    cloud: { provider: 'AWS', ...(first && { account: { uid: first.account }, region: first.region }) },
    ...(a.owner && { assignee: { name: a.owner.name, ...(a.owner.email && { email_addr: a.owner.email }) } }),
    ...(compliance && {
      compliance: {
        standards: [...new Set(a.compliance.map((c) => c.framework))],
        requirements: a.compliance.map((c) => `${c.framework} ${c.control}`),
        status: a.status === 'resolved' ? 'Pass' : 'Fail',
        status_id: a.status === 'resolved' ? 1 : 3,
      },
    }),
    unmapped: { owner_why: a.owner?.why, due_at: a.dueAt },
  };
}
