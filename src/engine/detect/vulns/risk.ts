import type { GraphView, ResourceRecord } from '../../../core/resource.js';
import type { Severity } from '../../../core/severity.js';
import type { Store } from '../../../store/index.js';
import type { KevEntry, StoredVuln } from '../../../store/repos/vulns.repo.js';
import type { StoredApplication, StoredExposure } from '../../../store/repos/context.repo.js';
import { appOfPackage } from '../../context/apps/catalogue.js';
import { loadInventory } from '../../context/inventory.js';
import { ensureKev } from './kev.js';

/** One ranked row: a vulnerability on a resource (or on an unmatched report's target). */
export interface VulnRisk {
  risk: number;
  resourceId: string | null;
  resourceName: string;
  resourceType: string | null;
  account: string | null;
  vulnId: string;
  severity: Severity;
  cvssScore: number | null;
  kev: boolean;
  epss: number | null;
  packages: string[];
  fixedVersion: string | null;
  internet: boolean;
  /** The reasons, in words, each with the points it added. */
  factors: string[];
}

export interface RiskContext {
  kev?: KevEntry | undefined;
  epss?: number | null | undefined;
  exposure?: Pick<StoredExposure, 'internet' | 'ports' | 'paths'> | undefined;
  apps: Pick<StoredApplication, 'app' | 'ports' | 'confidence'>[];
  adminRole?: string | undefined;
  sensitivity?: string | undefined;
  suspicious: number;
}

const SEVERITY_CVSS: Record<Severity, number> = { critical: 9.5, high: 8, medium: 5.5, low: 3, info: 0 };

/**
 * Additive, explainable score (0–100): severity/CVSS up to 40, KEV 25, EPSS up to 15, internet
 * reachability up to 20 (on the vulnerable application's port, or any port for OS packages),
 * exposed application 5, admin role 10, sensitive data 5, suspicious traffic 10. Weights favour
 * "exploited in the wild and reachable" over raw CVSS, as CISA's and FIRST's guidance does.
 */
export function scoreVulnerability(
  v: { vulnId: string; severity: Severity; cvssScore: number | null; packages: string[] },
  ctx: RiskContext,
): { risk: number; factors: string[] } {
  const factors: string[] = [];
  let risk = 0;
  const add = (pts: number, why: string) => {
    risk += pts;
    factors.push(`+${pts} ${why}`);
  };
  const cvss = v.cvssScore ?? SEVERITY_CVSS[v.severity];
  add(Math.round(cvss * 4), v.cvssScore !== null ? `CVSS ${v.cvssScore} (${v.severity})` : `${v.severity} severity (no CVSS vector)`);
  if (ctx.kev) add(25, `known exploited: CISA KEV since ${ctx.kev.dateAdded}${ctx.kev.ransomware === 'Known' ? ', used in ransomware campaigns' : ''}`);
  if (ctx.epss !== null && ctx.epss !== undefined && ctx.epss >= 0.01)
    add(Math.round(15 * ctx.epss), `EPSS ${ctx.epss.toFixed(2)} (probability of exploitation in the next 30 days)`);

  const app = v.packages.map(appOfPackage).find((a) => a !== undefined);
  const exposedPorts = (ctx.exposure?.ports ?? []).filter((p) => p.sources.some((s) => s === '0.0.0.0/0' || s === '::/0' || s.startsWith('via ')));
  const portText = (ps: typeof exposedPorts) =>
    [...new Set(ps.map((p) => (p.from === p.to ? `${p.protocol}/${p.from}` : `${p.protocol}/${p.from}-${p.to}`)))].join(', ');
  if (ctx.exposure?.internet && exposedPorts.length) {
    const via = [...new Set((ctx.exposure.paths ?? []).map((p) => p.via))].join(', ');
    if (app?.ports.length) {
      const onApp = exposedPorts.filter((p) => app.ports.some((port) => p.from <= port && port <= p.to));
      if (onApp.length) add(20, `internet-reachable on ${app.name}'s port ${portText(onApp)} (${via})`);
      else add(8, `internet-reachable (${portText(exposedPorts)}), but not on ${app.name}'s port`);
    } else add(15, `internet-reachable host (${portText(exposedPorts)}, ${via}): ${v.packages.join(', ')} is part of the host`);
    const exposedApps = ctx.apps.filter((a) => a.ports.some((port) => exposedPorts.some((p) => p.from <= port && port <= p.to)));
    if (exposedApps.length) add(5, `application exposed to the internet: ${exposedApps.map((a) => a.app).join(', ')}`);
  } else factors.push(ctx.exposure ? '+0 not reachable from the internet' : '+0 exposure unknown (resource not analysed)');
  if (ctx.adminRole) add(10, `attached role ${ctx.adminRole} has administrator privileges`);
  if (ctx.sensitivity) add(5, `holds sensitive data (${ctx.sensitivity})`);
  if (ctx.suspicious > 0) add(10, `${ctx.suspicious} open network finding(s): suspicious traffic observed`);
  return { risk: Math.min(100, risk), factors };
}

const ADMIN_POLICY = /(^|\/)AdministratorAccess$/;

function isAdminDocument(doc: unknown): boolean {
  const stmts = (doc as { Statement?: unknown })?.Statement;
  for (const s of Array.isArray(stmts) ? stmts : stmts ? [stmts] : []) {
    const st = s as { Effect?: string; Action?: unknown; Resource?: unknown };
    const acts = Array.isArray(st.Action) ? st.Action : [st.Action];
    const res = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
    if (st.Effect === 'Allow' && acts.includes('*') && res.includes('*')) return true;
  }
  return false;
}

/** The admin role a compute resource can use (directly, or through its instance profile), if any. */
export function adminRoleOf(r: ResourceRecord, graph: GraphView): string | undefined {
  const roles = [
    ...graph.neighbours(r.id, { kind: 'has-role', direction: 'out' }),
    ...graph
      .neighbours(r.id, { kind: 'has-instance-profile', direction: 'out' })
      .flatMap((p) => graph.neighbours(p.id, { kind: 'has-role', direction: 'out' })),
    ...graph
      .neighbours(r.id, { kind: 'uses-task-definition', direction: 'out' })
      .flatMap((t) => graph.neighbours(t.id, { kind: 'has-role', direction: 'out' })),
  ];
  for (const role of roles) {
    const attached = Array.isArray(role.config.attachedPolicies) ? (role.config.attachedPolicies as { PolicyArn?: string; PolicyName?: string }[]) : [];
    if (attached.some((p) => ADMIN_POLICY.test(p.PolicyArn ?? p.PolicyName ?? ''))) return role.name;
    const inline = Array.isArray(role.config.inlinePolicies) ? (role.config.inlinePolicies as { PolicyDocument?: unknown }[]) : [];
    if (inline.some((p) => isAdminDocument(p.PolicyDocument))) return role.name;
    for (const pol of graph.neighbours(role.id, { kind: 'has-policy', direction: 'out' }))
      if (ADMIN_POLICY.test(pol.id) || isAdminDocument(pol.config.document)) return role.name;
  }
  return undefined;
}

const SENSITIVE_KEYS = /^(data[-_]?)?(classification|sensitivity)$|^confidentiality$/i;
const SENSITIVE_VALUES = /confidential|restricted|secret|sensitive|pii|phi|pci|high/i;

export function sensitivityOf(r: ResourceRecord): string | undefined {
  for (const [k, v] of Object.entries(r.tags)) if (SENSITIVE_KEYS.test(k) && SENSITIVE_VALUES.test(v)) return `${k}=${v}`;
  return undefined;
}

/** Every stored vulnerability, aggregated per resource × vulnerability id and ranked by risk. */
export async function rankVulnerabilities(store: Store): Promise<VulnRisk[]> {
  await ensureKev(store);
  const vulns = await store.vulns.vulns();
  const reports = new Map((await store.vulns.reports()).map((r) => [r.id, r]));
  const ids = [...new Set(vulns.map((v) => v.vulnId))];
  const kev = await store.vulns.kevFor(ids);
  const epss = await store.vulns.epssFor(ids);
  const exposures = new Map((await store.exposures.list()).map((e) => [e.resourceId, e]));
  const apps = new Map<string, StoredApplication[]>();
  for (const a of await store.applications.list()) (apps.get(a.resourceId) ?? apps.set(a.resourceId, []).get(a.resourceId))?.push(a);
  const inv = await loadInventory(store);
  const suspicious = new Map<string, number>();
  for (const f of (await store.findings.list({ source: 'network', status: 'open' }, { limit: 1000 })).items)
    if (f.resourceId) suspicious.set(f.resourceId, (suspicious.get(f.resourceId) ?? 0) + 1);

  const groups = new Map<string, StoredVuln[]>();
  for (const v of vulns) {
    const key = `${v.resourceId ?? `report:${v.reportId}`}\u0000${v.vulnId}`;
    (groups.get(key) ?? groups.set(key, []).get(key))?.push(v);
  }
  const out: VulnRisk[] = [];
  for (const list of groups.values()) {
    const first = list[0] as StoredVuln;
    const res = first.resourceId ? inv.graph.get(first.resourceId) : undefined;
    const top = [...list].sort((a, b) => (b.cvssScore ?? 0) - (a.cvssScore ?? 0) || a.pkgName.localeCompare(b.pkgName))[0] as StoredVuln;
    const severity = list.map((v) => v.severity).sort((a, b) => SEVERITY_CVSS[b] - SEVERITY_CVSS[a])[0] as Severity;
    const packages = [...new Set(list.map((v) => v.pkgName))].sort();
    const ep = epss.get(first.vulnId) ?? list.find((v) => v.epss !== null)?.epss ?? null;
    const exp = first.resourceId ? exposures.get(first.resourceId) : undefined;
    const scored = scoreVulnerability(
      { vulnId: first.vulnId, severity, cvssScore: top.cvssScore, packages },
      {
        kev: kev.get(first.vulnId),
        epss: ep,
        exposure: exp,
        apps: first.resourceId ? (apps.get(first.resourceId) ?? []) : [],
        adminRole: res ? adminRoleOf(res, inv.graph) : undefined,
        sensitivity: res ? sensitivityOf(res) : undefined,
        suspicious: first.resourceId ? (suspicious.get(first.resourceId) ?? 0) : 0,
      },
    );
    out.push({
      risk: scored.risk,
      resourceId: first.resourceId,
      resourceName: res?.name ?? reports.get(first.reportId)?.targetName ?? first.resourceId ?? '?',
      resourceType: res?.type ?? null,
      account: res?.account ?? null,
      vulnId: first.vulnId,
      severity,
      cvssScore: top.cvssScore,
      kev: kev.has(first.vulnId),
      epss: ep,
      packages,
      fixedVersion: top.fixedVersion,
      internet: exp?.internet ?? false,
      factors: scored.factors,
    });
  }
  return out.sort(
    (a, b) => b.risk - a.risk || (b.cvssScore ?? 0) - (a.cvssScore ?? 0) || a.vulnId.localeCompare(b.vulnId) || a.resourceName.localeCompare(b.resourceName),
  );
}
