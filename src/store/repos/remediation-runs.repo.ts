import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { RemediationPlan } from '../../core/units/remediation.js';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';

export const REMEDIATION_RUN_STATUSES = ['planned', 'awaiting-approval', 'applied', 'verified', 'verify-failed', 'failed', 'rolled-back', 'refused'] as const;
export type RemediationRunStatus = (typeof REMEDIATION_RUN_STATUSES)[number];

export interface RemediationRun {
  id: string;
  alertId: string | null;
  remediationId: string;
  resourceId: string;
  account: string;
  region: string;
  mode: 'dry-run' | 'apply' | 'rollback';
  status: RemediationRunStatus;
  actor: string;
  approvedBy: string | null;
  plan: RemediationPlan;
  result: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export class RemediationRunsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(r: Omit<RemediationRun, 'id' | 'createdAt' | 'updatedAt'>, at = new Date().toISOString()): Promise<RemediationRun> {
    const run = { ...r, id: newId('rem'), createdAt: at, updatedAt: at };
    await this.db
      .insertInto('remediation_runs')
      .values({
        id: run.id,
        alert_id: r.alertId,
        remediation_id: r.remediationId,
        resource_id: r.resourceId,
        account: r.account,
        region: r.region,
        mode: r.mode,
        status: r.status,
        actor: r.actor,
        approved_by: r.approvedBy,
        plan: toJson(r.plan),
        result: toJson(r.result),
        error: r.error,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return run;
  }

  async update(id: string, patch: Partial<Pick<RemediationRun, 'status' | 'result' | 'error' | 'plan' | 'approvedBy'>>): Promise<void> {
    await this.db
      .updateTable('remediation_runs')
      .set({
        ...(patch.status && { status: patch.status }),
        ...(patch.result && { result: toJson(patch.result) }),
        ...(patch.plan && { plan: toJson(patch.plan) }),
        ...(patch.error !== undefined && { error: patch.error }),
        ...(patch.approvedBy !== undefined && { approved_by: patch.approvedBy }),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<RemediationRun | undefined> {
    const r = await this.db.selectFrom('remediation_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRun(r);
  }

  async list(filter: { alertId?: string; resourceId?: string; status?: RemediationRunStatus } = {}): Promise<RemediationRun[]> {
    let q = this.db.selectFrom('remediation_runs').selectAll();
    if (filter.alertId) q = q.where('alert_id', '=', filter.alertId);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
    return rows.map(toRun);
  }
}

function toRun(r: Database['remediation_runs']): RemediationRun {
  return {
    id: r.id,
    alertId: r.alert_id,
    remediationId: r.remediation_id,
    resourceId: r.resource_id,
    account: r.account,
    region: r.region,
    mode: r.mode as RemediationRun['mode'],
    status: r.status as RemediationRunStatus,
    actor: r.actor,
    approvedBy: r.approved_by,
    plan: fromJson(r.plan, {} as RemediationPlan),
    result: fromJson(r.result, {}),
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
