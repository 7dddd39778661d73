import { compareAlerts } from '../../core/order.js';
import { toAsff } from '../../integrations/formats/asff.js';
import type { Store } from '../../store/index.js';
import { alertView, toPayload } from '../alerts/view.js';
import { toHtml } from './alerts-html.js';
import { type ExportAlert, toOcsf } from './alerts-ocsf.js';
import { toSarif } from './alerts-sarif.js';

/** Alert exports: OCSF (JSON lines), ASFF (Security Hub import JSON), SARIF, CSV, JSON and a self-contained HTML report. */
export const ALERT_EXPORT_FORMATS = ['ocsf', 'asff', 'sarif', 'csv', 'json', 'html'] as const;
export type AlertExportFormat = (typeof ALERT_EXPORT_FORMATS)[number];

export async function exportAlerts(store: Store, opts: { includeResolved?: boolean } = {}): Promise<ExportAlert[]> {
  const list = opts.includeResolved ? await allAlerts(store) : await store.alerts.active();
  const out: ExportAlert[] = [];
  for (const a of list) {
    const v = await alertView(store, a);
    const compliance = [];
    const sources = new Set<string>();
    for (const f of v.findings) {
      sources.add(f.source);
      compliance.push(...((await store.findings.get(f.id))?.compliance ?? []));
    }
    out.push({ ...v, compliance, sources: [...sources] });
  }
  // Riskiest first; equal risk in the one alert order the CLI and dashboard use.
  return out.sort((x, y) => y.riskScore - x.riskScore || compareAlerts(x, y));
}

async function allAlerts(store: Store) {
  const out = [];
  let after: string | undefined;
  do {
    const p = await store.alerts.list({}, { limit: 1000, ...(after && { after }) });
    out.push(...p.items);
    after = p.next;
  } while (after);
  return out;
}

const csvCell = (v: unknown) => {
  const s = Array.isArray(v) ? v.join('; ') : String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function renderAlerts(alerts: readonly ExportAlert[], format: AlertExportFormat, opts: { accountId?: string; region?: string } = {}): string {
  switch (format) {
    case 'ocsf':
      return alerts.map((a) => JSON.stringify(toOcsf(a))).join('\n') + (alerts.length ? '\n' : '');
    case 'asff':
      return `${JSON.stringify({ Findings: alerts.map((a) => toAsff(toPayload(a, 'export'), { accountId: opts.accountId ?? a.resources[0]?.account ?? '000000000000', region: opts.region ?? 'us-east-1' })) }, null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(alerts), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(alerts, null, 2)}\n`;
    case 'html':
      return toHtml(alerts);
    case 'csv': {
      const cols = [
        'id',
        'severity',
        'riskScore',
        'status',
        'title',
        'owner',
        'ownerWhy',
        'factors',
        'resources',
        'findings',
        'firstSeen',
        'lastSeen',
        'dueAt',
      ];
      const rows = alerts.map((a) =>
        [
          a.id,
          a.severity,
          a.riskScore,
          a.status,
          a.title,
          a.owner?.name,
          a.owner?.why,
          a.factors,
          a.resources.map((r) => r.id),
          a.findings.map((f) => f.id),
          a.firstSeen,
          a.lastSeen,
          a.dueAt,
        ]
          .map(csvCell)
          .join(','),
      );
      return `${[cols.join(','), ...rows].join('\n')}\n`;
    }
  }
}
