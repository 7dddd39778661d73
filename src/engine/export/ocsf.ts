import type { Finding } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { type ExportContext, describe, epochMs, partitionOf } from './common.js';

/** OCSF schema version these events follow. */
export const OCSF_VERSION = '1.3.0';

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { info: 'Informational', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
/** Finding status: 1 New, 3 Suppressed, 4 Resolved. */
const STATUS: Record<Finding['status'], [number, string]> = { open: [1, 'New'], suppressed: [3, 'Suppressed'], resolved: [4, 'Resolved'] };

/**
 * One finding as an OCSF event: config findings are Compliance Findings (class 2003, with the
 * compliance object), every other source a Detection Finding (class 2004, with ATT&CK techniques).
 * Category 2 (Findings); activity 1 (Create); type_uid = class_uid × 100 + activity_id.
 */
export function toOcsf(f: Finding, ctx: ExportContext): Record<string, unknown> {
  const compliance = f.source === 'config';
  const classUid = compliance ? 2003 : 2004;
  const className = compliance ? 'Compliance Finding' : 'Detection Finding';
  const info = ctx.rules?.(f.ruleId);
  const [statusId, status] = STATUS[f.status];
  const event: Record<string, unknown> = {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: classUid,
    class_name: className,
    type_uid: classUid * 100 + 1,
    type_name: `${className}: Create`,
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY_NAME[f.severity],
    status_id: statusId,
    status,
    time: epochMs(f.lastSeen),
    message: f.title,
    metadata: {
      version: OCSF_VERSION,
      uid: f.id,
      event_code: f.ruleId,
      product: { name: 'Skywatch', vendor_name: 'Skywatch', version: ctx.version },
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: describe(f, info),
      created_time: epochMs(f.firstSeen),
      first_seen_time: epochMs(f.firstSeen),
      last_seen_time: epochMs(f.lastSeen),
      types: [f.source],
      analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' },
    },
    cloud: { provider: 'AWS', ...(f.account && { account: { uid: f.account, type_id: 10, type: 'AWS Account' } }), ...(f.region && { region: f.region }) },
    resources: f.resourceId
      ? [{ uid: f.resourceId, type: f.resourceType ?? 'unknown', ...(f.region && { region: f.region }), cloud_partition: partitionOf(f.resourceId) }]
      : [],
    unmapped: { evidence: f.evidence, dedup_key: f.dedupKey },
  };
  if (info?.remediation) event.remediation = { desc: info.remediation };
  if (compliance) {
    // Compliance status: 1 Pass, 3 Fail. A resolved finding passed when it was last evaluated.
    const pass = f.status === 'resolved';
    event.compliance = {
      control: f.ruleId,
      standards: [...new Set(f.compliance.map((c) => c.framework))],
      requirements: f.compliance.map((c) => `${c.framework} ${c.control}`),
      status_id: pass ? 1 : 3,
      status: pass ? 'Pass' : 'Fail',
    };
  } else if (f.attack.length) {
    event.attacks = f.attack.map((t) => ({ technique: { uid: t }, version: '14' }));
  }
  return event;
}

export function toOcsfAll(findings: readonly Finding[], ctx: ExportContext): Record<string, unknown>[] {
  return findings.map((f) => toOcsf(f, ctx));
}
