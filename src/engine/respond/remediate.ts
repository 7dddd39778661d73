import { ConfigError, SkywatchError, errorMessage } from '../../core/errors.js';
import type { RemediationConfig } from '../../core/response-config.js';
import { type ResourceRecord, memoryGraph } from '../../core/resource.js';
import { severityRank } from '../../core/severity.js';
import type { CheckUnit } from '../../core/units/check.js';
import type { RemediationContext, RemediationPlan, RemediationUnit } from '../../core/units/remediation.js';
import type { Alert, Store } from '../../store/index.js';
import type { RemediationRun } from '../../store/repos/remediation-runs.repo.js';
import type { AlertData } from '../alerts/raise.js';
import { loadUnits } from '../units.js';

/**
 * Remediation runs for an alert: plan (pure, shown as a diff) → policy or approval → apply →
 * verify (re-collect the resource and re-run the checks it fixes) → rollback on demand. Dry-run is
 * the default; nothing changes an account unless `--apply` is given AND either a policy in
 * skywatch.yaml `remediation.auto` allows it or `--approve` is given. Every run is a row in
 * `remediation_runs` and an audit-log entry: who, when, the plan, the result.
 */
export interface RemediateDeps {
  store: Store;
  actor: string;
  policy?: RemediationConfig;
  units?: ReadonlyMap<string, RemediationUnit>;
  /**
   * SDK clients for an account and region (the provider's credentials, assumed roles). The
   * resource id lets a global resource's calls go to its partition's home region.
   */
  context(account: string, region: string, resourceId: string): RemediationContext;
  /** Re-collect and re-run the fixed checks; absent → the run stays `applied` (verify on the next scan). */
  verify?(resource: ResourceRecord, unit: RemediationUnit): Promise<{ ok: boolean; detail: string }>;
}

export interface RemediateOptions {
  apply?: boolean;
  approve?: boolean;
  rollback?: boolean;
  /** Only this remediation (also the way to run one that fixes no check, like quarantine). */
  only?: string;
  /** What an apply waiting for approval says to do next (the CLI: re-run with --approve; the API: the approvals queue). */
  approvalHint?: string;
}

const fixesRule = (u: RemediationUnit, ruleId: string) => u.fixes.some((f) => ruleId === f || ruleId.startsWith(`${f}-`));

export function planDiff(plan: RemediationPlan): string[] {
  const v = (x: unknown) => (x === null || x === undefined ? '∅' : typeof x === 'string' ? x : JSON.stringify(x));
  return [`# ${plan.summary}`, ...plan.changes.map((c) => `~ ${c.field}: ${v(c.before)} → ${v(c.after)}`)];
}

/** Is automatic apply allowed for this remediation on this resource for this alert? Returns the reason. */
export function autoAllowed(policy: RemediationConfig | undefined, unit: RemediationUnit, r: ResourceRecord, alert: Alert): string | undefined {
  for (const [i, p] of (policy?.auto ?? []).entries()) {
    const ruleIds = (alert.data as unknown as AlertData).ruleIds ?? [];
    if (p.remediations && !p.remediations.includes(unit.id)) continue;
    if (p.checks && !ruleIds.some((id) => p.checks?.some((c) => id === c || id.startsWith(`${c}-`)))) continue;
    if (p.minSeverity && severityRank(alert.severity) < severityRank(p.minSeverity)) continue;
    if (p.accounts && !p.accounts.includes(r.account)) continue;
    if (p.tags && !Object.entries(p.tags).every(([k, v]) => r.tags[k] === v)) continue;
    return `remediation.auto[${i}]`;
  }
  return undefined;
}

/** Why a resource may not be remediated (a `remediation.excludeTags` tag it carries), or undefined. */
/** Why a resource may not be remediated (it carries a `remediation.excludeTags` tag), or undefined. */
function excluded(policy: RemediationConfig | undefined, r: ResourceRecord): string | undefined {
  const hit = Object.entries(policy?.excludeTags ?? {}).find(([k, v]) => r.tags[k] === v);
  return hit ? `resource tagged ${hit[0]}=${hit[1]} (remediation.excludeTags)` : undefined;
}

export interface Candidate {
  unit: RemediationUnit;
  resource: ResourceRecord;
  plan: RemediationPlan;
}

export async function candidates(store: Store, alert: Alert, units: ReadonlyMap<string, RemediationUnit>, only?: string): Promise<Candidate[]> {
  const d = alert.data as unknown as AlertData;
  const ids = [...new Set((d.resources ?? []).map((r) => r.id))];
  const resources = await store.resources.getMany(ids);
  const out: Candidate[] = [];
  for (const r of resources) {
    for (const u of units.values()) {
      if (u.resourceType !== r.type) continue;
      if (only ? u.id !== only : !(d.ruleIds ?? []).some((id) => fixesRule(u, id))) continue;
      const plan = u.plan(r);
      if (plan) out.push({ unit: u, resource: r, plan });
    }
  }
  return out;
}

export async function remediateAlert(deps: RemediateDeps, alertId: string, opts: RemediateOptions = {}): Promise<RemediationRun[]> {
  const { store, actor } = deps;
  const units = deps.units ?? loadUnits().remediations;
  if (opts.only && !units.has(opts.only)) throw new ConfigError(`no remediation "${opts.only}" (known: ${[...units.keys()].join(', ')})`, { field: 'only' });
  const alert = await store.alerts.get(alertId);
  if (!alert) throw new ConfigError(`no alert with id "${alertId}"`, { field: 'alert-id' });
  const runs: RemediationRun[] = [];

  if (opts.rollback) {
    const done = (await store.remediationRuns.list({ alertId })).filter(
      (r) => r.mode === 'apply' && ['applied', 'verified', 'verify-failed'].includes(r.status) && (!opts.only || r.remediationId === opts.only),
    );
    const rolled = new Set((await store.remediationRuns.list({ alertId })).filter((r) => r.mode === 'rollback').map((r) => r.result.of as string));
    const todo = done.filter((r) => !rolled.has(r.id));
    if (!todo.length) throw new ConfigError(`alert ${alertId} has no applied remediation to roll back`, { field: 'alert-id' });
    for (const prev of todo) {
      const unit = units.get(prev.remediationId);
      if (!unit) continue;
      const base = {
        alertId,
        remediationId: prev.remediationId,
        resourceId: prev.resourceId,
        account: prev.account,
        region: prev.region,
        mode: 'rollback' as const,
        actor,
        approvedBy: actor,
        plan: prev.plan,
      };
      try {
        await unit.rollback(prev.plan, deps.context(prev.account, prev.region, prev.resourceId));
        runs.push(await store.remediationRuns.create({ ...base, status: 'rolled-back', result: { of: prev.id }, error: null }));
      } catch (e) {
        runs.push(await store.remediationRuns.create({ ...base, status: 'failed', result: { of: prev.id }, error: errorMessage(e) }));
      }
      await store.audit.record(actor, 'remediation.rollback', prev.resourceId, {
        run: runs.at(-1)?.id,
        of: prev.id,
        remediation: prev.remediationId,
        status: runs.at(-1)?.status,
        error: runs.at(-1)?.error,
      });
    }
    return runs;
  }

  for (const c of await candidates(store, alert, units, opts.only)) {
    const base = { alertId, remediationId: c.unit.id, resourceId: c.resource.id, account: c.resource.account, region: c.resource.region, actor, plan: c.plan };
    if (!opts.apply) {
      runs.push(
        await store.remediationRuns.create({
          ...base,
          mode: 'dry-run',
          status: 'planned',
          approvedBy: null,
          result: { diff: planDiff(c.plan), impact: c.unit.impact, autoAllowed: autoAllowed(deps.policy, c.unit, c.resource, alert) ?? null },
          error: null,
        }),
      );
      await store.audit.record(actor, 'remediation.plan', c.resource.id, { run: runs.at(-1)?.id, remediation: c.unit.id, plan: c.plan });
      continue;
    }
    const veto = excluded(deps.policy, c.resource);
    const policy = autoAllowed(deps.policy, c.unit, c.resource, alert);
    if (veto || (!policy && !opts.approve)) {
      const status = veto ? 'refused' : 'awaiting-approval';
      const why = veto ? veto : `no remediation.auto policy allows it: ${opts.approvalHint ?? 're-run with --approve'}`;
      runs.push(
        await store.remediationRuns.create({ ...base, mode: 'apply', status, approvedBy: null, result: { diff: planDiff(c.plan), reason: why }, error: null }),
      );
      await store.audit.record(actor, `remediation.${status}`, c.resource.id, { run: runs.at(-1)?.id, remediation: c.unit.id, plan: c.plan, reason: why });
      continue;
    }
    runs.push(await applyCandidate(deps, alert, c, policy ? `policy:${policy}` : actor));
  }
  return runs;
}

/**
 * Applies one planned candidate and verifies it: the run row (a new one, or the awaiting-approval
 * run being approved) ends applied, verified, verify-failed or failed; audit and alert history say who.
 */
export async function applyCandidate(deps: RemediateDeps, alert: Alert, c: Candidate, approvedBy: string, existing?: RemediationRun): Promise<RemediationRun> {
  const { store, actor } = deps;
  const base = {
    alertId: alert.id,
    remediationId: c.unit.id,
    resourceId: c.resource.id,
    account: c.resource.account,
    region: c.resource.region,
    actor,
    plan: c.plan,
  };
  const run = existing
    ? { ...existing, plan: c.plan, approvedBy }
    : await store.remediationRuns.create({ ...base, mode: 'apply', status: 'applied', approvedBy, result: { diff: planDiff(c.plan) }, error: null });
  let status: RemediationRun['status'] = 'applied';
  let error: string | null = null;
  const result: Record<string, unknown> = { ...(existing?.result ?? {}), diff: planDiff(c.plan) };
  delete result.reason;
  try {
    await c.unit.apply(c.plan, deps.context(c.resource.account, c.resource.region, c.resource.id));
    if (deps.verify) {
      const v = await deps.verify(c.resource, c.unit);
      status = v.ok ? 'verified' : 'verify-failed';
      result.verify = v.detail;
    } else result.verify = 'not verified here: the next scan re-runs the checks';
  } catch (e) {
    status = 'failed';
    error = errorMessage(e);
  }
  // apply may record what it created (ids needed by rollback) in the plan's data.
  await store.remediationRuns.update(run.id, { status, result, error, plan: c.plan, approvedBy });
  await store.audit.record(actor, 'remediation.apply', c.resource.id, { run: run.id, remediation: c.unit.id, approvedBy, plan: c.plan, status, error });
  await store.alerts.addHistory({
    alertId: alert.id,
    at: new Date().toISOString(),
    actor,
    action: 'remediated',
    fromStatus: alert.status,
    toStatus: alert.status,
    note: `${c.unit.id}: ${status}${error ? ` (${error})` : ''}`,
  });
  return { ...run, status, result, error, plan: c.plan, approvedBy };
}

/**
 * Decides a run awaiting approval (the approvals queue). Approving re-plans from the resource as
 * stored now — the account may have changed since the request — and applies that plan; when
 * `remediation.twoPersonApproval` is set the approver must not be who asked. `deps.actor` is the approver.
 */
export async function decideApproval(
  deps: RemediateDeps,
  runId: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<RemediationRun> {
  const { store, actor } = deps;
  const run = await store.remediationRuns.get(runId);
  if (run?.status !== 'awaiting-approval') throw new ConfigError(`no remediation run "${runId}" is awaiting approval`, { field: 'id' });
  if (deps.policy?.twoPersonApproval && run.actor === actor)
    throw new ApprovalError(`${actor} asked for this remediation: remediation.twoPersonApproval needs someone else to approve or reject it`);
  if (!decision.approve) {
    const result = { ...run.result, reason: `rejected by ${actor}: ${decision.reason}` };
    await store.remediationRuns.update(run.id, { status: 'refused', result, approvedBy: null });
    await store.audit.record(actor, 'remediation.reject', run.resourceId, {
      run: run.id,
      remediation: run.remediationId,
      requestedBy: run.actor,
      reason: decision.reason,
    });
    return { ...run, status: 'refused', result };
  }
  const alert = run.alertId ? await store.alerts.get(run.alertId) : undefined;
  if (!alert) throw new ConfigError(`remediation run "${runId}" belongs to no alert any more`, { field: 'id' });
  const units = deps.units ?? loadUnits().remediations;
  const c = (await candidates(store, alert, units, run.remediationId)).find((x) => x.resource.id === run.resourceId);
  const veto = c && excluded(deps.policy, c.resource);
  if (!c || veto) {
    const reason = veto ?? 'nothing to apply: the resource is gone or already in the good state';
    const result = { ...run.result, reason };
    await store.remediationRuns.update(run.id, { status: 'refused', result, approvedBy: null });
    await store.audit.record(actor, 'remediation.refused', run.resourceId, { run: run.id, remediation: run.remediationId, reason });
    return { ...run, status: 'refused', result };
  }
  await store.audit.record(actor, 'remediation.approve', run.resourceId, { run: run.id, remediation: run.remediationId, requestedBy: run.actor });
  // The run keeps who asked (`actor`); the apply is recorded as the approver's.
  const applied = await applyCandidate(deps, alert, c, actor, run);
  return { ...applied, actor: run.actor };
}

/** The approver is the requester while two-person approval is required. */
export class ApprovalError extends SkywatchError {
  constructor(message: string) {
    super('approval', message);
  }
}

/**
 * The standard verifier: `recollect` fetches the resource fresh (discovery's targeted refresh,
 * injected by the integrator) and the checks the remediation fixes run on it; all must pass.
 */
export function checkVerifier(
  recollect: (r: ResourceRecord) => Promise<ResourceRecord | undefined>,
  checks: readonly CheckUnit[] = loadUnits().checks,
): NonNullable<RemediateDeps['verify']> {
  return async (resource, unit) => {
    const fresh = await recollect(resource);
    if (!fresh) return { ok: false, detail: 'the resource could not be re-collected' };
    const relevant = checks.filter((c) => c.resourceType === fresh.type && unit.fixes.some((f) => c.id === f || c.id.startsWith(`${f}-`)));
    if (!relevant.length) return { ok: true, detail: 're-collected; no check to re-run' };
    const graph = memoryGraph([fresh]);
    const failed = relevant.filter((c) => c.evaluate(fresh, { params: c.params ? c.params.parse({}) : {}, graph, now: new Date() }).status === 'fail');
    return failed.length
      ? { ok: false, detail: `still failing: ${failed.map((c) => c.id).join(', ')}` }
      : { ok: true, detail: `passing: ${relevant.map((c) => c.id).join(', ')}` };
  };
}
