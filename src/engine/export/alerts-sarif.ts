import type { ExportAlert } from './alerts-ocsf.js';

/** SARIF 2.1.0: one result per alert, its resources as logical locations (cloud resources have no file). */
const LEVEL: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

export function toSarif(alerts: readonly ExportAlert[], version = '0.1.0'): Record<string, unknown> {
  const ruleIds = [...new Set(alerts.map((a) => a.combination ?? a.findings[0]?.ruleId ?? 'alert'))];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Skywatch',
            version,
            informationUri: 'https://github.com/skywatch',
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: alerts.find((a) => (a.combination ?? a.findings[0]?.ruleId) === id)?.title ?? id } })),
          },
        },
        results: alerts.map((a) => ({
          ruleId: a.combination ?? a.findings[0]?.ruleId ?? 'alert',
          level: LEVEL[a.severity] ?? 'warning',
          message: { text: `${a.title}: ${a.factors.join('; ')}` },
          locations: a.resources.map((r) => ({ logicalLocations: [{ fullyQualifiedName: r.id, name: r.name, kind: 'resource' }] })),
          partialFingerprints: { skywatchAlert: a.dedupKey },
          ...(a.status === 'suppressed' && { suppressions: [{ kind: 'external', status: 'accepted' }] }),
          properties: {
            riskScore: a.riskScore,
            severity: a.severity,
            status: a.status,
            owner: a.owner?.name ?? null,
            factors: a.factors,
            findings: a.findings.map((f) => f.id),
          },
        })),
      },
    ],
  };
}
