import type { Catalogue } from '../../../compliance/catalogue.js';
import type { CheckStatus } from '../../../core/status.js';
import type { CheckUnit } from '../../../core/units/check.js';
import type { CheckResult, Store } from '../../../store/index.js';

export type ControlStatus = 'pass' | 'fail' | 'manual';

export interface ControlReport {
  control: string;
  title: string;
  section: string | null;
  automated: boolean;
  status: ControlStatus;
  /** Why a control is manual (not automatable, no mapped check, nothing evaluated, errors). */
  note: string | null;
  checks: string[];
  counts: Record<CheckStatus, number>;
  failing: { checkId: string; resourceId: string; account: string; region: string; message: string | null; evidence: Record<string, unknown> | null }[];
}

export interface ComplianceReport {
  framework: string;
  title: string;
  account: string | null;
  generatedAt: string;
  summary: Record<ControlStatus, number> & { controls: number };
  controls: ControlReport[];
}

/** Dotted control ids in reading order: 1.2 < 1.10 < 2.1, AC-2 < AC-10. */
export function compareControlIds(a: string, b: string): number {
  const pa = a.split(/[.\-()]/);
  const pb = b.split(/[.\-()]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Pure: a control passes only when its mapped checks ran on something and nothing failed or errored.
 * A control that cannot be automated, has no mapped check, evaluated nothing, or only errored is
 * `manual` with a note: never silently passed.
 */
export function controlStatus(
  automated: boolean,
  checks: readonly string[],
  counts: Record<CheckStatus, number>,
  reasons: ReadonlyMap<string, number>,
): { status: ControlStatus; note: string | null } {
  if (!automated) return { status: 'manual', note: 'needs a person: not automatable' };
  if (checks.length === 0) return { status: 'manual', note: 'no check maps to this control' };
  if (counts.fail > 0) return { status: 'fail', note: null };
  if (counts.error > 0) {
    const why = [...reasons].map(([r, n]) => `${r} ×${n}`).join(', ');
    return { status: 'manual', note: `could not evaluate ${counts.error} resource(s): ${why}` };
  }
  if (counts.pass === 0) return { status: 'manual', note: 'nothing evaluated (no matching resources in the inventory)' };
  return { status: 'pass', note: null };
}

/** Builds a framework's report from the latest check results (see `store.checkResults`). */
export async function complianceReport(
  store: Store,
  catalogue: Catalogue,
  checks: readonly CheckUnit[],
  opts: { account?: string; failingPerControl?: number; now?: Date } = {},
): Promise<ComplianceReport> {
  const mapped = new Map<string, string[]>();
  for (const c of checks)
    for (const ref of c.compliance) if (ref.framework === catalogue.id) (mapped.get(ref.control) ?? mapped.set(ref.control, []).get(ref.control))?.push(c.id);
  const perCheck = new Map<string, Record<CheckStatus, number>>();
  for (const row of await store.checkResults.summary(opts.account ? { account: opts.account } : {})) {
    const c = perCheck.get(row.checkId) ?? { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
    c[row.status] = (c[row.status] ?? 0) + row.n;
    perCheck.set(row.checkId, c);
  }
  const mappedIds = [...new Set([...mapped.values()].flat())];
  const bad = mappedIds.length
    ? [
        ...(await store.checkResults.list({ checkIds: mappedIds, status: 'fail', ...(opts.account && { account: opts.account }) })),
        ...(await store.checkResults.list({ checkIds: mappedIds, status: 'error', ...(opts.account && { account: opts.account }) })),
      ]
    : [];
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of bad) (byCheck.get(r.checkId) ?? byCheck.set(r.checkId, []).get(r.checkId))?.push(r);
  const limit = opts.failingPerControl ?? 50;
  const controls: ControlReport[] = Object.entries(catalogue.controls)
    .sort(([a], [b]) => compareControlIds(a, b))
    .map(([id, ctl]) => {
      const ids = mapped.get(id) ?? [];
      const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
      const reasons = new Map<string, number>();
      const failing: ControlReport['failing'] = [];
      for (const cid of ids) {
        const c = perCheck.get(cid);
        if (c) for (const s of Object.keys(counts) as CheckStatus[]) counts[s] += c[s];
        for (const r of byCheck.get(cid) ?? []) {
          if (r.status === 'error') reasons.set(r.reason ?? 'unknown', (reasons.get(r.reason ?? 'unknown') ?? 0) + 1);
          else if (failing.length < limit)
            failing.push({ checkId: cid, resourceId: r.resourceId, account: r.account, region: r.region, message: r.message, evidence: r.evidence });
        }
      }
      const { status, note } = controlStatus(ctl.automated, ids, counts, reasons);
      return { control: id, title: ctl.title, section: ctl.section ?? null, automated: ctl.automated, status, note, checks: ids, counts, failing };
    });
  const summary = { pass: 0, fail: 0, manual: 0, controls: controls.length };
  for (const c of controls) summary[c.status]++;
  return {
    framework: catalogue.id,
    title: catalogue.title,
    account: opts.account ?? null,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    summary,
    controls,
  };
}
