import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { Severity } from '../../core/severity.js';
import { fromJson, toJson } from '../json.js';
import type { Database, VulnReportsTable, VulnerabilitiesTable } from '../schema.js';
import { nonEmpty } from './page.js';

/** Store-side shapes; `engine/detect/vulns` owns the parsing and matching. */
export interface StoredVulnReport {
  id: string;
  targetKey: string;
  format: string;
  scanner: string;
  targetKind: string;
  targetName: string;
  target: Record<string, unknown>;
  resourceId: string | null;
  matchMethod: string | null;
  generatedAt: string | null;
  ingestedAt: string;
  source: string;
  vulnCount: number;
  packages: { name: string; version?: string; type?: string }[];
}

export interface StoredVuln {
  id: string;
  reportId: string;
  resourceId: string | null;
  vulnId: string;
  aliases: string[];
  pkgName: string;
  pkgType: string | null;
  installedVersion: string | null;
  fixedVersion: string | null;
  severity: Severity;
  cvssVersion: string | null;
  cvssVector: string | null;
  cvssScore: number | null;
  publishedAt: string | null;
  title: string | null;
  epss: number | null;
}

export type NewVuln = Omit<StoredVuln, 'id' | 'reportId' | 'resourceId'>;

export interface KevEntry {
  cveId: string;
  vendor: string;
  product: string;
  name: string;
  dateAdded: string;
  dueDate: string | null;
  ransomware: string | null;
}

export interface ReplaceOutcome {
  status: 'created' | 'replaced' | 'older-skipped';
  reportId: string;
  /** Vulnerability ids the replaced report had and the new one has not (fixed). */
  gone: string[];
}

const BATCH = 200;

export class VulnsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a report under its target key. A report older than the stored one for the same key is
   * skipped; a newer (or undated) one replaces it with all its vulnerabilities, in one transaction.
   */
  async replaceReport(r: Omit<StoredVulnReport, 'id' | 'vulnCount'>, vulns: readonly NewVuln[]): Promise<ReplaceOutcome> {
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('vuln_reports').selectAll().where('target_key', '=', r.targetKey).executeTakeFirst();
      if (old?.generated_at && r.generatedAt && r.generatedAt < old.generated_at) return { status: 'older-skipped', reportId: old.id, gone: [] };
      let gone: string[] = [];
      if (old) {
        const before = await tx.selectFrom('vulnerabilities').select('vuln_id').where('report_id', '=', old.id).execute();
        const now = new Set(vulns.map((v) => v.vulnId));
        gone = [...new Set(before.map((b) => b.vuln_id).filter((v) => !now.has(v)))];
        await tx.deleteFrom('vulnerabilities').where('report_id', '=', old.id).execute();
        await tx.deleteFrom('vuln_reports').where('id', '=', old.id).execute();
      }
      const id = newId('vrp');
      const row: VulnReportsTable = {
        id,
        target_key: r.targetKey,
        format: r.format,
        scanner: r.scanner,
        target_kind: r.targetKind,
        target_name: r.targetName,
        target: toJson(r.target),
        resource_id: r.resourceId,
        match_method: r.matchMethod,
        generated_at: r.generatedAt,
        ingested_at: r.ingestedAt,
        source: r.source,
        vuln_count: vulns.length,
        packages: toJson(r.packages),
      };
      await tx.insertInto('vuln_reports').values(row).execute();
      for (let i = 0; i < vulns.length; i += BATCH) {
        const rows: VulnerabilitiesTable[] = vulns.slice(i, i + BATCH).map((v) => ({
          id: newId('vul'),
          report_id: id,
          resource_id: r.resourceId,
          vuln_id: v.vulnId,
          aliases: toJson(v.aliases),
          pkg_name: v.pkgName,
          pkg_type: v.pkgType,
          installed_version: v.installedVersion,
          fixed_version: v.fixedVersion,
          severity: v.severity,
          cvss_version: v.cvssVersion,
          cvss_vector: v.cvssVector,
          cvss_score: v.cvssScore,
          published_at: v.publishedAt,
          title: v.title,
          epss: v.epss,
        }));
        await tx.insertInto('vulnerabilities').values(rows).execute();
      }
      return { status: old ? 'replaced' : 'created', reportId: id, gone };
    });
  }

  /** Drops a report and its vulnerabilities (an unmatched copy superseded by a matched one). */
  async deleteByKey(targetKey: string): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('vuln_reports').select('id').where('target_key', '=', targetKey).executeTakeFirst();
      if (!old) return 0;
      await tx.deleteFrom('vulnerabilities').where('report_id', '=', old.id).execute();
      await tx.deleteFrom('vuln_reports').where('id', '=', old.id).execute();
      return 1;
    });
  }

  /** Points an unmatched report (and its vulnerabilities) at a resource found later. */
  async assign(reportId: string, resourceId: string, method: string, targetKey: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('vuln_reports').select('id').where('target_key', '=', targetKey).where('id', '!=', reportId).executeTakeFirst();
      if (clash) {
        await tx.deleteFrom('vulnerabilities').where('report_id', '=', clash.id).execute();
        await tx.deleteFrom('vuln_reports').where('id', '=', clash.id).execute();
      }
      await tx.updateTable('vuln_reports').set({ resource_id: resourceId, match_method: method, target_key: targetKey }).where('id', '=', reportId).execute();
      await tx.updateTable('vulnerabilities').set({ resource_id: resourceId }).where('report_id', '=', reportId).execute();
    });
  }

  async reports(filter: { unmatched?: boolean; resourceId?: string } = {}): Promise<StoredVulnReport[]> {
    let q = this.db.selectFrom('vuln_reports').selectAll();
    if (filter.unmatched) q = q.where('resource_id', 'is', null);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    const rows = await q.orderBy('id').execute();
    return rows.map(reportFromRow);
  }

  async vulns(filter: { resourceId?: string; reportIds?: readonly string[]; vulnId?: string } = {}): Promise<StoredVuln[]> {
    let q = this.db.selectFrom('vulnerabilities').selectAll();
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.reportIds) q = q.where('report_id', 'in', nonEmpty(filter.reportIds));
    if (filter.vulnId) q = q.where('vuln_id', '=', filter.vulnId);
    const rows = await q.orderBy('id').execute();
    return rows.map(vulnFromRow);
  }

  async replaceKev(entries: readonly KevEntry[], catalogVersion: string): Promise<number> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('kev_entries').execute();
      for (let i = 0; i < entries.length; i += BATCH) {
        await tx
          .insertInto('kev_entries')
          .values(
            entries.slice(i, i + BATCH).map((e) => ({
              cve_id: e.cveId,
              vendor: e.vendor,
              product: e.product,
              name: e.name,
              date_added: e.dateAdded,
              due_date: e.dueDate,
              ransomware: e.ransomware,
              catalog_version: catalogVersion,
            })),
          )
          .execute();
      }
    });
    return entries.length;
  }

  async kevCount(): Promise<{ n: number; version: string | null }> {
    const r = await this.db
      .selectFrom('kev_entries')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('catalog_version').as('v')])
      .executeTakeFirst();
    return { n: Number(r?.n ?? 0), version: (r?.v as string | null) ?? null };
  }

  async kevFor(cveIds: readonly string[]): Promise<Map<string, KevEntry>> {
    const out = new Map<string, KevEntry>();
    const ids = [...new Set(cveIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('kev_entries')
        .selectAll()
        .where('cve_id', 'in', nonEmpty(ids.slice(i, i + 500)))
        .execute();
      for (const r of rows)
        out.set(r.cve_id, {
          cveId: r.cve_id,
          vendor: r.vendor,
          product: r.product,
          name: r.name,
          dateAdded: r.date_added,
          dueDate: r.due_date,
          ransomware: r.ransomware,
        });
    }
    return out;
  }

  async upsertEpss(rows: readonly { cveId: string; epss: number; percentile: number | null; date: string | null }[]): Promise<number> {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await this.db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('epss_scores')
          .where(
            'cve_id',
            'in',
            batch.map((r) => r.cveId),
          )
          .execute();
        await tx
          .insertInto('epss_scores')
          .values(batch.map((r) => ({ cve_id: r.cveId, epss: r.epss, percentile: r.percentile, score_date: r.date })))
          .execute();
      });
    }
    return rows.length;
  }

  async epssFor(cveIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const ids = [...new Set(cveIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('epss_scores')
        .select(['cve_id', 'epss'])
        .where('cve_id', 'in', nonEmpty(ids.slice(i, i + 500)))
        .execute();
      for (const r of rows) out.set(r.cve_id, Number(r.epss));
    }
    return out;
  }
}

function reportFromRow(r: VulnReportsTable): StoredVulnReport {
  return {
    id: r.id,
    targetKey: r.target_key,
    format: r.format,
    scanner: r.scanner,
    targetKind: r.target_kind,
    targetName: r.target_name,
    target: fromJson(r.target, {}),
    resourceId: r.resource_id,
    matchMethod: r.match_method,
    generatedAt: r.generated_at,
    ingestedAt: r.ingested_at,
    source: r.source,
    vulnCount: Number(r.vuln_count),
    packages: fromJson(r.packages, []),
  };
}

function vulnFromRow(r: VulnerabilitiesTable): StoredVuln {
  return {
    id: r.id,
    reportId: r.report_id,
    resourceId: r.resource_id,
    vulnId: r.vuln_id,
    aliases: fromJson(r.aliases, []),
    pkgName: r.pkg_name,
    pkgType: r.pkg_type,
    installedVersion: r.installed_version,
    fixedVersion: r.fixed_version,
    severity: r.severity as Severity,
    cvssVersion: r.cvss_version,
    cvssVector: r.cvss_vector,
    cvssScore: r.cvss_score === null ? null : Number(r.cvss_score),
    publishedAt: r.published_at,
    title: r.title,
    epss: r.epss === null ? null : Number(r.epss),
  };
}
