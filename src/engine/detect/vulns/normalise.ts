import { type Severity, isSeverity } from '../../../core/severity.js';
import { cvssScore, severityOfScore } from './cvss.js';
import type { NormalisedVuln } from './types.js';

/** Scanner severity words (`CRITICAL`, `Negligible`, `UNKNOWN`, SARIF levels) → ours. */
export function toSeverity(word: unknown, score?: number | null): Severity {
  const w = typeof word === 'string' ? word.toLowerCase().trim() : '';
  if (isSeverity(w)) return w;
  if (w === 'moderate' || w === 'important') return w === 'important' ? 'high' : 'medium';
  if (w === 'negligible' || w === 'informational' || w === 'untriaged') return 'info';
  if (w === 'error') return 'high';
  if (w === 'warning') return 'medium';
  if (w === 'note') return 'low';
  if (typeof score === 'number' && score > 0) return severityOfScore(score);
  return 'info';
}

export const CVE_RE = /^CVE-\d{4}-\d{4,}$/i;

/** Prefers a CVE as the primary id; other ids become aliases. */
export function primaryId(ids: readonly (string | undefined | null)[]): { id: string; aliases: string[] } {
  const all = [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))];
  const cve = all.find((x) => CVE_RE.test(x));
  const id = cve ? cve.toUpperCase() : (all[0] ?? 'UNKNOWN');
  return { id, aliases: all.filter((x) => x.toUpperCase() !== id.toUpperCase()) };
}

/**
 * Picks the best vector among candidates (v4 over v3.1 over v3.0; the first source wins within a
 * version) and scores it ourselves; a feed's printed score is used only when no vector parses.
 */
export function bestCvss(candidates: { vector?: string | null; score?: number | null }[]): Pick<NormalisedVuln, 'cvssVector' | 'cvssScore' | 'cvssVersion'> {
  let best: { version: string; vector: string; score: number } | undefined;
  const rank = (v: string) => (v === '4.0' ? 3 : v === '3.1' ? 2 : v === '3.0' ? 1 : 0);
  for (const c of candidates) {
    const s = cvssScore(c.vector ?? undefined);
    if (s && (!best || rank(s.version) > rank(best.version))) best = s;
  }
  if (best) return { cvssVector: best.vector, cvssScore: best.score, cvssVersion: best.version };
  const printed = candidates.find((c) => typeof c.score === 'number' && c.score > 0);
  return { cvssVector: printed?.vector ?? null, cvssScore: printed?.score ?? null, cvssVersion: null };
}

/** ISO date or null, from strings, epoch seconds/millis, or boto3 placebo `{__class__: 'datetime'}` objects. */
export function toIso(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') {
    const ms = v < 1e12 ? v * 1000 : v;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'object') {
    const o = v as Record<string, number>;
    if (typeof o.year === 'number') {
      const d = new Date(Date.UTC(o.year, (o.month ?? 1) - 1, o.day ?? 1, o.hour ?? 0, o.minute ?? 0, o.second ?? 0, Math.floor((o.microsecond ?? 0) / 1000)));
      return d.toISOString();
    }
  }
  return null;
}

/** `registry/repo:tag@sha256:…` → `registry/repo`. */
export function repositoryOf(ref: string): string {
  let r = ref.split('@')[0] ?? ref;
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  return r;
}

export function digestsIn(...values: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values.flat()) {
    if (typeof v !== 'string') continue;
    for (const m of v.matchAll(/sha256:[0-9a-f]{64}/g)) out.add(m[0]);
  }
  return [...out];
}

export function asArray<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function asObj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
