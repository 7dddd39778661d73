import { type Severity, bySeverityDesc } from './severity.js';

/**
 * Total orders for the lists people read (demo summary, CLI tables, the dashboard's lists).
 * Store ids are time-ordered with a random tail, so rows written in the same millisecond come back
 * in a different order on every run: a sort on severity (or risk) alone then leaves ties to that
 * randomness. Each comparator here ends on a key that is the same from run to run for the same
 * input (a dedup key is a hash of what the finding or alert is about), so equal inputs print equally.
 */

/** `a` before `b` by plain code-unit order (not locale: the same on every machine). */
export function byText(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Findings: most severe first, then by rule, resource and dedup key. */
export function compareFindings(
  a: { severity: Severity; ruleId: string; resourceId: string | null; dedupKey: string },
  b: { severity: Severity; ruleId: string; resourceId: string | null; dedupKey: string },
): number {
  return bySeverityDesc(a.severity, b.severity) || byText(a.ruleId, b.ruleId) || byText(a.resourceId, b.resourceId) || byText(a.dedupKey, b.dedupKey);
}

/** Alerts: most severe first, then riskiest, then by title and dedup key. */
export function compareAlerts(
  a: { severity: Severity; riskScore: number; title: string; dedupKey: string },
  b: { severity: Severity; riskScore: number; title: string; dedupKey: string },
): number {
  return bySeverityDesc(a.severity, b.severity) || b.riskScore - a.riskScore || byText(a.title, b.title) || byText(a.dedupKey, b.dedupKey);
}
