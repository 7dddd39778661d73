import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Store } from '../../../store/index.js';

export interface EpssImport {
  imported: number;
  skipped: { line: number; reason: string }[];
  modelVersion: string | null;
  scoreDate: string | null;
}

/**
 * Imports FIRST's EPSS CSV (`#model_version:…,score_date:…` comment, then `cve,epss,percentile`),
 * plain or gzipped, streamed line by line and stored in batches: the full file (~300k rows) never
 * sits in memory. Bad lines are reported by number and skipped.
 */
export async function importEpss(store: Store, file: string): Promise<EpssImport> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const out: EpssImport = { imported: 0, skipped: [], modelVersion: null, scoreDate: null };
  let cols: string[] | undefined;
  let batch: { cveId: string; epss: number; percentile: number | null; date: string | null }[] = [];
  let n = 0;
  for await (const line of rl) {
    n++;
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith('#')) {
      out.modelVersion = /model_version:([^,]+)/.exec(t)?.[1] ?? out.modelVersion;
      out.scoreDate = /score_date:([^,\s]+)/.exec(t)?.[1]?.slice(0, 10) ?? out.scoreDate;
      continue;
    }
    const cells = t.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (!cols) {
      cols = cells.map((c) => c.toLowerCase());
      if (!cols.includes('cve') || !cols.includes('epss')) {
        out.skipped.push({ line: n, reason: 'header must name cve and epss columns' });
        return out;
      }
      continue;
    }
    const get = (k: string) => cells[(cols as string[]).indexOf(k)];
    const cve = get('cve')?.toUpperCase();
    const epss = Number(get('epss'));
    const pct = get('percentile') === undefined ? null : Number(get('percentile'));
    if (!cve || !/^CVE-\d{4}-\d+$/.test(cve) || !Number.isFinite(epss) || epss < 0 || epss > 1) {
      out.skipped.push({ line: n, reason: `bad row: ${t.slice(0, 80)}` });
      continue;
    }
    batch.push({ cveId: cve, epss, percentile: pct !== null && Number.isFinite(pct) ? pct : null, date: out.scoreDate });
    if (batch.length >= 2000) {
      out.imported += await store.vulns.upsertEpss(batch);
      batch = [];
    }
  }
  if (batch.length) out.imported += await store.vulns.upsertEpss(batch);
  return out;
}
