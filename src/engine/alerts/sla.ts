import { parseDuration } from '../../core/config.js';
import type { AlertsConfig } from '../../core/response-config.js';
import type { Severity } from '../../core/severity.js';

/** Default due dates: a day for critical, a week for high, a month for medium, a quarter for low. */
export const DEFAULT_SLA: Partial<Record<Severity, string>> = { critical: '1d', high: '7d', medium: '30d', low: '90d' };

export function dueAt(severity: Severity, openedAt: string, cfg: AlertsConfig | undefined): string | null {
  const d = { ...DEFAULT_SLA, ...(cfg?.sla ?? {}) }[severity];
  return d ? new Date(Date.parse(openedAt) + parseDuration(d)).toISOString() : null;
}
