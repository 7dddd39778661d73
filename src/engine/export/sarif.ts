import type { Finding } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { type ExportContext, describe } from './common.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

/**
 * Findings as one SARIF 2.1.0 log: one run, one rule per rule id, results located at the cloud
 * resource (a logical location: SARIF has no file for a cloud resource). Suppressed findings carry
 * a SARIF suppression; resolved ones are `baselineState: absent`.
 */
export function toSarif(findings: readonly Finding[], ctx: ExportContext): Record<string, unknown> {
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  for (const f of findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    const info = ctx.rules?.(f.ruleId);
    ruleIndex.set(f.ruleId, rules.length);
    rules.push({
      id: f.ruleId,
      name: f.ruleId,
      shortDescription: { text: info?.title ?? f.title },
      ...((info?.description || info?.risk) && { fullDescription: { text: [info.description, info.risk].filter(Boolean).join(' ') } }),
      ...(info?.remediation && { help: { text: info.remediation } }),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: {
        tags: ['security', f.source, ...f.compliance.map((c) => `${c.framework}:${c.control}`), ...f.attack.map((a) => `attack:${a}`)],
        'security-severity': SECURITY_SEVERITY[f.severity],
      },
    });
  }
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: describe(f, undefined) },
    locations: [
      {
        logicalLocations: [
          {
            fullyQualifiedName: f.resourceId ?? `account/${f.account ?? 'unknown'}`,
            kind: 'resource',
            ...(f.resourceType && { decoratedName: f.resourceType }),
          },
        ],
      },
    ],
    partialFingerprints: { 'skywatch/dedupKey/v1': f.dedupKey },
    ...(f.status === 'suppressed' && { suppressions: [{ kind: 'external', status: 'accepted' }] }),
    ...(f.status === 'resolved' && { baselineState: 'absent' }),
    properties: {
      findingId: f.id,
      source: f.source,
      severity: f.severity,
      status: f.status,
      account: f.account,
      region: f.region,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      evidence: f.evidence,
    },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Skywatch', version: ctx.version, rules } }, results }],
  };
}
