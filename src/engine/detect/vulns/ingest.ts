import { readFileSync } from 'node:fs';
import { ParseError, errorMessage } from '../../../core/errors.js';
import type { NewFinding } from '../../../core/finding.js';
import { type Severity, maxSeverity } from '../../../core/severity.js';
import type { Store } from '../../../store/index.js';
import type { StoredVuln } from '../../../store/repos/vulns.repo.js';
import { loadInventory } from '../../context/inventory.js';
import { ensureKev } from './kev.js';
import { type MatchIndex, buildMatchIndex, matchTarget, targetKey } from './match.js';
import { PARSERS, detectFormat } from './parsers/index.js';
import { parseInspectorLines } from './parsers/inspector.js';

const NDJSON = /\.(jsonl|ndjson)(\.gz)?$/i;
import type { VulnFormat, VulnReport } from './types.js';

/** Resource types the matcher needs: only these are loaded for an ingest. */
export const MATCH_TYPES = ['aws.ec2.instance', 'aws.ec2.network-interface', 'aws.lambda.function', 'aws.ecr.repository', 'aws.ssm.managed-instance'] as const;

export interface IngestOptions {
  format?: VulnFormat;
  /** Attach every report to this resource id (must exist in the inventory unless `force`). */
  resource?: string;
  now?: string;
  /** Already-parsed documents (an API pull) ingested like files. */
  documents?: { source: string; format: VulnFormat; doc: unknown }[];
}

export interface IngestSummary {
  files: number;
  reports: number;
  vulnerabilities: number;
  matched: number;
  unmatched: number;
  replaced: number;
  olderSkipped: number;
  resolvedFindings: number;
  openedFindings: number;
  errors: { file: string; reason: string }[];
  unmatchedTargets: string[];
}

/**
 * Reads scanner files one at a time (each is one JSON document: memory is bounded by the largest
 * file), normalises, matches each report to an inventory resource, stores it (a newer report for
 * the same target replaces the older), and syncs vulnerability findings for the touched resources.
 * A file that cannot be read or parsed is reported with its reason; the others are kept.
 */
export async function ingestVulnFiles(store: Store, paths: readonly string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const now = opts.now ?? new Date().toISOString();
  await ensureKev(store);
  const inv = await loadInventory(store, MATCH_TYPES);
  const idx = buildMatchIndex(inv.resources, inv.edges);
  const sum: IngestSummary = {
    files: 0,
    reports: 0,
    vulnerabilities: 0,
    matched: 0,
    unmatched: 0,
    replaced: 0,
    olderSkipped: 0,
    resolvedFindings: 0,
    openedFindings: 0,
    errors: [],
    unmatchedTargets: [],
  };
  const touched = new Map<string, Set<string>>();
  const sources: { file: string; reports: () => Promise<VulnReport[]> }[] = [
    ...paths.map((file) => ({
      file,
      reports: async () => {
        // Newline-delimited Inspector exports are streamed; every other feed is one JSON document.
        if (!NDJSON.test(file)) return parseFile(file, opts.format);
        if (opts.format && opts.format !== 'inspector')
          throw new ParseError(file, undefined, `newline-delimited input is read as Inspector findings, not ${opts.format}`);
        const r = await parseInspectorLines(file);
        for (const e of r.errors) sum.errors.push({ file: `${file}:${e.line}`, reason: e.reason });
        return r.reports;
      },
    })),
    ...(opts.documents ?? []).map((d) => ({ file: d.source, reports: async () => PARSERS[d.format](d.doc, d.source) })),
  ];
  for (const { file, reports: read } of sources) {
    sum.files++;
    let reports: VulnReport[];
    try {
      reports = await read();
    } catch (e) {
      sum.errors.push({ file, reason: e instanceof ParseError ? e.message.replace(`${file}: `, '') : errorMessage(e) });
      continue;
    }
    for (const report of reports) {
      const res = await storeReport(store, report, file, idx, opts.resource, now);
      sum.reports++;
      sum.vulnerabilities += report.vulns.length;
      if (res.status === 'older-skipped') sum.olderSkipped++;
      if (res.status === 'replaced') sum.replaced++;
      if (res.resourceId) {
        sum.matched++;
        const gone = touched.get(res.resourceId) ?? new Set<string>();
        for (const g of res.gone) gone.add(g);
        touched.set(res.resourceId, gone);
      } else {
        sum.unmatched++;
        sum.unmatchedTargets.push(`${report.format}: ${report.target.name}`);
      }
    }
  }
  for (const [rid, gone] of touched) {
    const r = await syncVulnFindings(store, rid, gone, now);
    sum.openedFindings += r.opened;
    sum.resolvedFindings += r.resolved;
  }
  return sum;
}

export function parseFile(file: string, format?: VulnFormat): VulnReport[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ParseError(file, undefined, `cannot read: ${errorMessage(e)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError(file, undefined, `not valid JSON: ${errorMessage(e)}`);
  }
  const fmt = format ?? detectFormat(doc);
  if (!fmt) throw new ParseError(file, undefined, 'unrecognised report format (give --format)');
  return PARSERS[fmt](doc, file);
}

async function storeReport(store: Store, report: VulnReport, file: string, idx: MatchIndex, explicit: string | undefined, now: string) {
  let resourceId: string | null = null;
  let method: string | null = null;
  if (explicit) {
    resourceId = explicit;
    method = 'explicit';
  } else {
    const m = matchTarget(report.target, idx);
    if (m) {
      resourceId = m.resource.id;
      method = m.method;
    }
  }
  // The same target ingested before it was in the inventory: the matched report supersedes that copy.
  if (resourceId) await store.vulns.deleteByKey(targetKey(report.format, report.target, null));
  const out = await store.vulns.replaceReport(
    {
      targetKey: targetKey(report.format, report.target, resourceId),
      format: report.format,
      scanner: report.scanner,
      targetKind: report.target.kind,
      targetName: report.target.name,
      target: report.target as unknown as Record<string, unknown>,
      resourceId,
      matchMethod: method,
      generatedAt: report.generatedAt,
      ingestedAt: now,
      source: file,
      packages: report.packages ?? [],
    },
    report.vulns.map((v) => ({
      vulnId: v.id,
      aliases: v.aliases,
      pkgName: v.pkgName,
      pkgType: v.pkgType,
      installedVersion: v.installedVersion,
      fixedVersion: v.fixedVersion,
      severity: v.severity,
      cvssVersion: v.cvssVersion,
      cvssVector: v.cvssVector,
      cvssScore: v.cvssScore,
      publishedAt: v.publishedAt,
      title: v.title,
      epss: v.epss ?? null,
    })),
  );
  return { ...out, resourceId };
}

/**
 * Findings are one per resource × vulnerability id (rule id = the CVE): each CVE has its own
 * lifecycle (fixing one package resolves exactly that finding), the same CVE from two scanners is
 * one finding, and `findings list --rule CVE-…` answers "which hosts have this CVE". Grouping into
 * one alert per host is the alerts stage's job, not the detector's.
 */
export async function syncVulnFindings(store: Store, resourceId: string, gone: Iterable<string>, now: string): Promise<{ opened: number; resolved: number }> {
  const vulns = await store.vulns.vulns({ resourceId });
  const resource = await store.resources.get(resourceId);
  const kev = await store.vulns.kevFor(vulns.map((v) => v.vulnId));
  const byId = new Map<string, StoredVuln[]>();
  for (const v of vulns) (byId.get(v.vulnId) ?? byId.set(v.vulnId, []).get(v.vulnId))?.push(v);
  const items: NewFinding[] = [];
  for (const [vulnId, list] of byId) {
    const sev = list.reduce<Severity>((s, v) => maxSeverity(s, v.severity), 'info');
    const top = [...list].sort((a, b) => (b.cvssScore ?? 0) - (a.cvssScore ?? 0) || a.pkgName.localeCompare(b.pkgName))[0] as StoredVuln;
    const k = kev.get(vulnId);
    items.push({
      source: 'vulnerability',
      ruleId: vulnId,
      title: `${vulnId} in ${top.pkgName}${top.installedVersion ? ` ${top.installedVersion}` : ''}${k ? ' (known exploited)' : ''}`,
      severity: sev,
      resourceId,
      resourceType: resource?.type ?? null,
      account: resource?.account ?? null,
      region: resource?.region ?? null,
      evidence: {
        packages: list
          .map((v) => ({ name: v.pkgName, installed: v.installedVersion, fixed: v.fixedVersion, type: v.pkgType }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        cvss: top.cvssVector ? { vector: top.cvssVector, score: top.cvssScore } : null,
        aliases: top.aliases,
        kev: k ? { dateAdded: k.dateAdded, dueDate: k.dueDate, ransomware: k.ransomware } : null,
      },
      attack: [],
      compliance: [],
      seenAt: now,
    });
  }
  const up = await store.findings.upsert(items);
  const still = new Set(byId.keys());
  const fixed = [...gone].filter((g) => !still.has(g));
  const resolved = fixed.length
    ? await store.findings.resolveMissing({ source: 'vulnerability', resourceIds: [resourceId], ruleIds: fixed, seenBefore: '9999-12-31T00:00:00.000Z' }, now)
    : 0;
  return { opened: up.created.length + up.reopened.length, resolved };
}

/** Matches stored unmatched reports again (after a discovery run added resources). */
export async function rematchUnmatched(store: Store, now: string = new Date().toISOString()): Promise<number> {
  const unmatched = await store.vulns.reports({ unmatched: true });
  if (!unmatched.length) return 0;
  const inv = await loadInventory(store, MATCH_TYPES);
  const idx = buildMatchIndex(inv.resources, inv.edges);
  let n = 0;
  for (const r of unmatched) {
    const m = matchTarget(r.target as never, idx);
    if (!m) continue;
    await store.vulns.assign(r.id, m.resource.id, m.method, targetKey(r.format, r.target as never, m.resource.id));
    await syncVulnFindings(store, m.resource.id, [], now);
    n++;
  }
  return n;
}
