import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { Severity } from '../../core/severity.js';
import type { AlertStatus } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import type { AlertsTable, Database } from '../schema.js';
import { type Page, type PageRequest, pageLimit, toPage } from './page.js';

export interface Alert {
  id: string;
  dedupKey: string;
  title: string;
  severity: Severity;
  riskScore: number;
  factors: string[];
  status: AlertStatus;
  owner: string | null;
  assignee: string | null;
  dueAt: string | null;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  data: Record<string, unknown>;
}

export interface AlertHistoryEntry {
  id: string;
  alertId: string;
  at: string;
  actor: string;
  action: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus | null;
  note: string | null;
}

export class AlertsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async getByKey(dedupKey: string): Promise<Alert | undefined> {
    const r = await this.db.selectFrom('alerts').selectAll().where('dedup_key', '=', dedupKey).executeTakeFirst();
    return r && fromRow(r);
  }

  async get(id: string): Promise<Alert | undefined> {
    const r = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  async insert(a: Omit<Alert, 'id'>, actor: string): Promise<Alert> {
    const alert = { ...a, id: newId('alr') };
    await this.db.insertInto('alerts').values(toRow(alert)).execute();
    await this.addHistory({ alertId: alert.id, at: a.firstSeen, actor, action: 'opened', fromStatus: null, toStatus: a.status, note: null });
    return alert;
  }

  /** Updates fields; a status change is written to the history with who made it. */
  async update(id: string, patch: Partial<Omit<Alert, 'id' | 'dedupKey'>>, actor: string, note?: string): Promise<Alert | undefined> {
    const old = await this.get(id);
    if (!old) return undefined;
    const next = { ...old, ...patch };
    await this.db.transaction().execute(async (tx) => {
      const { id: _id, ...row } = toRow(next);
      await tx.updateTable('alerts').set(row).where('id', '=', id).execute();
      if (patch.status && patch.status !== old.status) {
        await tx
          .insertInto('alert_history')
          .values({
            id: newId('ahi'),
            alert_id: id,
            at: new Date().toISOString(),
            actor,
            action: `status:${patch.status}`,
            from_status: old.status,
            to_status: patch.status,
            note: note ?? null,
          })
          .execute();
      } else if (patch.assignee !== undefined && patch.assignee !== old.assignee) {
        await tx
          .insertInto('alert_history')
          .values({
            id: newId('ahi'),
            alert_id: id,
            at: new Date().toISOString(),
            actor,
            action: 'assigned',
            from_status: old.status,
            to_status: old.status,
            note: patch.assignee,
          })
          .execute();
      }
    });
    return next;
  }

  async addHistory(e: Omit<AlertHistoryEntry, 'id'>): Promise<void> {
    await this.db
      .insertInto('alert_history')
      .values({
        id: newId('ahi'),
        alert_id: e.alertId,
        at: e.at,
        actor: e.actor,
        action: e.action,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        note: e.note,
      })
      .execute();
  }

  async history(alertId: string): Promise<AlertHistoryEntry[]> {
    const rows = await this.db.selectFrom('alert_history').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      alertId: r.alert_id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      fromStatus: r.from_status as AlertStatus | null,
      toStatus: r.to_status as AlertStatus | null,
      note: r.note,
    }));
  }

  async linkFindings(alertId: string, findingIds: readonly string[]): Promise<void> {
    if (!findingIds.length) return;
    await this.db
      .insertInto('alert_findings')
      .values(findingIds.map((f) => ({ alert_id: alertId, finding_id: f })))
      .onConflict((oc) => oc.columns(['alert_id', 'finding_id']).doNothing())
      .execute();
  }

  async findingIds(alertId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('alert_findings').select('finding_id').where('alert_id', '=', alertId).orderBy('finding_id').execute();
    return rows.map((r) => r.finding_id);
  }

  /** Every finding linked to these alerts with its current status: what auto-resolve and regression read. */
  async linkedFindings(alertIds: readonly string[]): Promise<{ alertId: string; findingId: string; status: string; lastSeen: string }[]> {
    const out: { alertId: string; findingId: string; status: string; lastSeen: string }[] = [];
    for (let i = 0; i < alertIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('alert_findings')
        .innerJoin('findings', 'findings.id', 'alert_findings.finding_id')
        .select(['alert_findings.alert_id', 'alert_findings.finding_id', 'findings.status', 'findings.last_seen'])
        .where('alert_findings.alert_id', 'in', alertIds.slice(i, i + 500))
        .execute();
      for (const r of rows) out.push({ alertId: r.alert_id, findingId: r.finding_id, status: r.status, lastSeen: r.last_seen });
    }
    return out;
  }

  /** A finding belongs to one alert at a time: moving it (into a combination) unlinks it elsewhere. */
  async unlinkFindings(alertId: string, findingIds: readonly string[]): Promise<void> {
    if (!findingIds.length) return;
    await this.db
      .deleteFrom('alert_findings')
      .where('alert_id', '=', alertId)
      .where('finding_id', 'in', [...findingIds])
      .execute();
  }

  /** All alerts not resolved (open, acknowledged, suppressed), any number. */
  async active(): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').selectAll().where('status', '!=', 'resolved').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async byKeys(keys: readonly string[]): Promise<Alert[]> {
    const out: Alert[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('alerts')
        .selectAll()
        .where('dedup_key', 'in', keys.slice(i, i + 500))
        .execute();
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  async list(filter: { status?: AlertStatus; severity?: Severity } = {}, page?: PageRequest): Promise<Page<Alert>> {
    const limit = pageLimit(page);
    let q = this.db.selectFrom('alerts').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.severity) q = q.where('severity', '=', filter.severity);
    if (page?.after) q = q.where('id', '>', page.after);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(fromRow), limit);
  }
}

function toRow(a: Alert): AlertsTable {
  return {
    id: a.id,
    dedup_key: a.dedupKey,
    title: a.title,
    severity: a.severity,
    risk_score: a.riskScore,
    factors: toJson(a.factors),
    status: a.status,
    owner: a.owner,
    assignee: a.assignee,
    due_at: a.dueAt,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    resolved_at: a.resolvedAt,
    data: toJson(a.data),
  };
}

function fromRow(r: AlertsTable): Alert {
  return {
    id: r.id,
    dedupKey: r.dedup_key,
    title: r.title,
    severity: r.severity as Severity,
    riskScore: Number(r.risk_score),
    factors: fromJson(r.factors, []),
    status: r.status as AlertStatus,
    owner: r.owner,
    assignee: r.assignee,
    dueAt: r.due_at,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    resolvedAt: r.resolved_at,
    data: fromJson(r.data, {}),
  };
}
