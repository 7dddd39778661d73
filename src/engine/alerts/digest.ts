import { compareAlerts } from '../../core/order.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import type { AlertPayload } from '../../core/units/integration.js';
import type { Store } from '../../store/index.js';

/**
 * The daily digest: instead of a message per medium alert, one summary a day — what is open by
 * severity, what is new since yesterday, what is past due. Sent to the integrations named in
 * `alerts.digest.to` by the `alerts.digest` job, or printed by `skywatch alerts digest`.
 */
export interface Digest {
  at: string;
  since: string;
  open: Record<Severity, number>;
  new: { id: string; title: string; severity: Severity; owner: string | null }[];
  overdue: { id: string; title: string; severity: Severity; dueAt: string }[];
  resolved: number;
  text: string;
}

export async function buildDigest(store: Store, now = new Date(), hours = 24): Promise<Digest> {
  const since = new Date(now.getTime() - hours * 3_600_000).toISOString();
  const at = now.toISOString();
  const active = (await store.alerts.active()).filter((a) => a.status !== 'suppressed');
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of active) open[a.severity]++;
  const fresh = active.filter((a) => ((a.data as { openedAt?: string }).openedAt ?? a.firstSeen) >= since).sort(compareAlerts);
  const overdue = active.filter((a) => a.status === 'open' && a.dueAt && a.dueAt < at).sort(compareAlerts);
  let resolved = 0;
  let after: string | undefined;
  do {
    const page = await store.alerts.list({ status: 'resolved' }, { limit: 1000, ...(after && { after }) });
    resolved += page.items.filter((a) => (a.resolvedAt ?? '') >= since).length;
    after = page.next;
  } while (after);
  const lines = [
    `Skywatch digest for the ${hours} h to ${at}`,
    `Open: ${SEVERITIES.map((s) => `${open[s]} ${s}`).join(', ')}; resolved since ${since.slice(0, 16)}: ${resolved}`,
    ...(fresh.length ? ['New:', ...fresh.slice(0, 15).map((a) => `  [${a.severity}] ${a.title}${a.owner ? ` — ${a.owner}` : ''}`)] : ['New: none']),
    ...(overdue.length ? ['Past due:', ...overdue.slice(0, 15).map((a) => `  [${a.severity}] ${a.title} (due ${a.dueAt?.slice(0, 10)})`)] : []),
  ];
  return {
    at,
    since,
    open,
    new: fresh.map((a) => ({ id: a.id, title: a.title, severity: a.severity, owner: a.owner })),
    overdue: overdue.map((a) => ({ id: a.id, title: a.title, severity: a.severity, dueAt: a.dueAt as string })),
    resolved,
    text: lines.join('\n'),
  };
}

/** The digest as one payload, so every integration that can send an alert can send a digest. */
export function digestPayload(d: Digest): AlertPayload {
  const worst = SEVERITIES.find((s) => d.open[s] > 0) ?? 'info';
  return {
    id: `digest-${d.at.slice(0, 10)}`,
    dedupKey: `digest-${d.at.slice(0, 10)}`,
    idempotencyKey: `digest:${d.at.slice(0, 10)}`,
    title: `Skywatch daily digest: ${Object.values(d.open).reduce((a, b) => a + b, 0)} open alerts, ${d.new.length} new`,
    severity: worst,
    riskScore: 0,
    factors: d.text.split('\n').slice(1),
    status: 'open',
    resources: [],
    findings: [],
    firstSeen: d.since,
    lastSeen: d.at,
  };
}
