import type { Severity } from '../../../core/severity.js';
import { MAX_COMPOSED, MAX_SEVERITY, macroVectorScore } from './cvss-data.js';

/**
 * CVSS base scores computed from vector strings, so every feed is scored the same way no matter
 * which score (if any) the scanner printed. v3.0/v3.1 follow the specification's formula; v4.0
 * follows the MacroVector interpolation of the FIRST specification.
 */
export interface CvssScore {
  version: '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

export function parseVector(vector: string): Map<string, string> | undefined {
  const parts = vector.trim().split('/');
  const m = new Map<string, string>();
  for (const p of parts) {
    const i = p.indexOf(':');
    if (i <= 0) return undefined;
    m.set(p.slice(0, i), p.slice(i + 1));
  }
  return m;
}

/** Any supported vector → its base score; undefined for v2 or malformed vectors. */
export function cvssScore(vector: string | undefined | null): CvssScore | undefined {
  if (!vector) return undefined;
  const v = vector.trim();
  if (v.startsWith('CVSS:3.')) {
    const s = cvss3BaseScore(v);
    return s === undefined ? undefined : { version: v.startsWith('CVSS:3.0') ? '3.0' : '3.1', vector: v, score: s };
  }
  if (v.startsWith('CVSS:4.0')) {
    const s = cvss4BaseScore(v);
    return s === undefined ? undefined : { version: '4.0', vector: v, score: s };
  }
  return undefined;
}

const W3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS 3.1 Roundup: the smallest one-decimal number ≥ x, robust to floating-point noise. */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

export function cvss3BaseScore(vector: string): number | undefined {
  const m = parseVector(vector);
  if (!m) return undefined;
  const get = <T extends Record<string, number>>(k: string, table: T): number | undefined => {
    const val = m.get(k);
    return val !== undefined && val in table ? table[val as keyof T] : undefined;
  };
  const scope = m.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const av = get('AV', W3.AV);
  const ac = get('AC', W3.AC);
  const ui = get('UI', W3.UI);
  const pr = get('PR', scope === 'C' ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 });
  const c = get('C', W3.CIA);
  const i = get('I', W3.CIA);
  const a = get('A', W3.CIA);
  if (av === undefined || ac === undefined || ui === undefined || pr === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const round = vector.startsWith('CVSS:3.0') ? (x: number) => Math.ceil(x * 10 - 1e-9) / 10 : roundup31;
  return scope === 'U' ? round(Math.min(impact + exploitability, 10)) : round(Math.min(1.08 * (impact + exploitability), 10));
}

// Severity distance levels of CVSS 4.0 metric values (0 = most severe).
const L4: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0, L: 0.1, H: 0.2 },
  UI: { N: 0, P: 0.1, A: 0.2 },
  AC: { L: 0, H: 0.1 },
  AT: { N: 0, P: 0.1 },
  VC: { H: 0, L: 0.1, N: 0.2 },
  VI: { H: 0, L: 0.1, N: 0.2 },
  VA: { H: 0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0, M: 0.1, L: 0.2 },
  IR: { H: 0, M: 0.1, L: 0.2 },
  AR: { H: 0, M: 0.1, L: 0.2 },
};
const BASE4 = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;

export function cvss4BaseScore(vector: string): number | undefined {
  const parsed = parseVector(vector);
  if (!parsed) return undefined;
  if (parsed.get('CVSS') !== '4.0') return undefined;
  for (const k of BASE4) if (!parsed.get(k)) return undefined;
  // Effective value: modified metrics override base ones; unset threat/requirements take the worst case.
  const m = (k: string): string => {
    const mod = parsed.get(`M${k}`);
    if (mod && mod !== 'X') return mod;
    const v = parsed.get(k);
    if (k === 'E' && (!v || v === 'X')) return 'A';
    if ((k === 'CR' || k === 'IR' || k === 'AR') && (!v || v === 'X')) return 'H';
    return v ?? 'X';
  };
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => m(k) === 'N')) return 0;

  const eq1 = m('AV') === 'N' && m('PR') === 'N' && m('UI') === 'N' ? 0 : (m('AV') === 'N' || m('PR') === 'N' || m('UI') === 'N') && m('AV') !== 'P' ? 1 : 2;
  const eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
  const eq3 = m('VC') === 'H' && m('VI') === 'H' ? 0 : m('VC') === 'H' || m('VI') === 'H' || m('VA') === 'H' ? 1 : 2;
  const eq4 = m('MSI') === 'S' || m('MSA') === 'S' ? 0 : m('SC') === 'H' || m('SI') === 'H' || m('SA') === 'H' ? 1 : 2;
  const eq5 = m('E') === 'A' ? 0 : m('E') === 'P' ? 1 : 2;
  const eq6 = (m('CR') === 'H' && m('VC') === 'H') || (m('IR') === 'H' && m('VI') === 'H') || (m('AR') === 'H' && m('VA') === 'H') ? 0 : 1;
  const eqs = [eq1, eq2, eq3, eq4, eq5, eq6];
  const key = (e: number[]) => e.join('');
  const value = macroVectorScore(key(eqs));
  if (value === undefined) return undefined;
  const score = (e: number[]) => macroVectorScore(key(e)) ?? Number.NaN;

  // Score of the next lower MacroVector along each equivalence set.
  const lower1 = score([eq1 + 1, eq2, eq3, eq4, eq5, eq6]);
  const lower2 = score([eq1, eq2 + 1, eq3, eq4, eq5, eq6]);
  let lower36: number;
  if (eq3 === 0 && eq6 === 0) lower36 = Math.max(score([eq1, eq2, 0, eq4, eq5, 1]), score([eq1, eq2, 1, eq4, eq5, 0]));
  else if (eq3 === 1 && eq6 === 0) lower36 = score([eq1, eq2, 1, eq4, eq5, 1]);
  else lower36 = score([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  const lower4 = score([eq1, eq2, eq3, eq4 + 1, eq5, eq6]);
  const lower5 = score([eq1, eq2, eq3, eq4, eq5 + 1, eq6]);

  // The highest-severity vector of this MacroVector that the actual vector does not exceed.
  const max3 = MAX_COMPOSED.eq3[eq3]?.[eq6] ?? [];
  let dist: Record<string, number> | undefined;
  outer: for (const a of MAX_COMPOSED.eq1[eq1] ?? [])
    for (const b of MAX_COMPOSED.eq2[eq2] ?? [])
      for (const c of max3)
        for (const d of MAX_COMPOSED.eq4[eq4] ?? [])
          for (const e of MAX_COMPOSED.eq5[eq5] ?? []) {
            const maxV = parseVector(`${a}/${b}/${c}/${d}/${e}`) ?? new Map();
            const dd: Record<string, number> = {};
            let ok = true;
            for (const k of Object.keys(L4)) {
              const cur = L4[k]?.[m(k)];
              const mx = L4[k]?.[maxV.get(k) ?? ''];
              if (cur === undefined || mx === undefined) return undefined;
              dd[k] = cur - mx;
              if (dd[k] < -1e-9) ok = false;
            }
            if (ok) {
              dist = dd;
              break outer;
            }
          }
  if (!dist) return undefined;
  const d = dist as Record<string, number>;
  const cur1 = (d.AV ?? 0) + (d.PR ?? 0) + (d.UI ?? 0);
  const cur2 = (d.AC ?? 0) + (d.AT ?? 0);
  const cur36 = (d.VC ?? 0) + (d.VI ?? 0) + (d.VA ?? 0) + (d.CR ?? 0) + (d.IR ?? 0) + (d.AR ?? 0);
  const cur4 = (d.SC ?? 0) + (d.SI ?? 0) + (d.SA ?? 0);
  const step = 0.1;
  const parts: number[] = [];
  const add = (lower: number, cur: number, depth: number) => {
    if (Number.isNaN(lower)) return;
    const available = value - lower;
    parts.push(available * (cur / (depth * step)));
  };
  add(lower1, cur1, MAX_SEVERITY.eq1[eq1] ?? Number.NaN);
  add(lower2, cur2, MAX_SEVERITY.eq2[eq2] ?? Number.NaN);
  add(lower36, cur36, MAX_SEVERITY.eq3eq6[eq3]?.[eq6] ?? Number.NaN);
  add(lower4, cur4, MAX_SEVERITY.eq4[eq4] ?? Number.NaN);
  // eq5 has no intra-level distance in the base score: it only counts towards the mean's divisor.
  if (!Number.isNaN(lower5)) parts.push(0);
  const mean = parts.length ? parts.reduce((x, y) => x + y, 0) / parts.length : 0;
  const raw = Math.min(10, Math.max(0, value - mean));
  return Math.round(raw * 10 + 1e-9) / 10;
}

/** The specification's qualitative rating of a score. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
