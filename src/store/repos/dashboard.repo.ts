import { type Kysely, sql } from 'kysely';
import { fromJson } from '../json.js';
import type { Database } from '../schema.js';
import { nonEmpty } from './page.js';

export interface TalkerRow {
  resourceId: string;
  name: string;
  type: string;
  account: string;
  inboundBytes: number;
  outboundBytes: number;
  flows: number;
  ports: number;
  peers: number;
}

/**
 * Read-only aggregates the dashboard shows (trend, posture, top talkers). Each is one GROUP BY on
 * an indexed or narrow table, so the overview costs the same on 100 resources as on 1M: the
 * browser never counts rows itself.
 */
export class DashboardRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Alerts first seen per UTC day and severity since `since` (ISO), over every account. */
  async alertsPerDay(since: string): Promise<{ day: string; severity: string; n: number }[]> {
    const day = sql<string>`substr(first_seen, 1, 10)`;
    const rows = await this.db
      .selectFrom('alerts')
      .select([day.as('day'), 'severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('first_seen', '>=', since)
      .groupBy([day, 'severity'])
      .execute();
    return rows.map((r) => ({ day: r.day, severity: r.severity, n: Number(r.n) }));
  }

  /**
   * The same rows one alert at a time with the accounts it touches (`data.accounts`), for a scoped
   * user: an alert counts only when all its accounts are in scope, as on the alert list.
   */
  async alertsSince(since: string): Promise<{ day: string; severity: string; accounts: string[] }[]> {
    const rows = await this.db.selectFrom('alerts').select(['first_seen', 'severity', 'data']).where('first_seen', '>=', since).execute();
    return rows.map((r) => {
      const data = fromJson<Record<string, unknown>>(r.data, {});
      return { day: r.first_seen.slice(0, 10), severity: r.severity, accounts: Array.isArray(data.accounts) ? (data.accounts as string[]) : [] };
    });
  }

  /** Open findings per account and severity (index findings_status covers status + severity). */
  async openFindingsByAccount(accounts?: readonly string[]): Promise<{ account: string | null; severity: string; n: number }[]> {
    let q = this.db
      .selectFrom('findings')
      .select(['account', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open');
    if (accounts) q = q.where('account', 'in', nonEmpty(accounts));
    const rows = await q.groupBy(['account', 'severity']).execute();
    return rows.map((r) => ({ account: r.account, severity: r.severity, n: Number(r.n) }));
  }

  /**
   * Latest check results counted per account, check and status in one pass (index
   * check_results_account leads with account, check_id): the posture of every account and the
   * total come from the same rows instead of one query per account.
   */
  async checkCountsByAccount(accounts?: readonly string[]): Promise<{ account: string; checkId: string; status: string; n: number }[]> {
    let q = this.db.selectFrom('check_results').select(['account', 'check_id', 'status', (eb) => eb.fn.countAll<number>().as('n')]);
    if (accounts) q = q.where('account', 'in', nonEmpty(accounts));
    const rows = await q.groupBy(['account', 'check_id', 'status']).execute();
    return rows.map((r) => ({ account: r.account, checkId: r.check_id, status: r.status, n: Number(r.n) }));
  }

  /**
   * Resources by bytes seen in flow logs (inbound + outbound), largest first. Joined to the
   * inventory so the account scope is applied in SQL and each row carries a readable name.
   */
  async topTalkers(opts: { accounts?: readonly string[]; limit: number }): Promise<TalkerRow[]> {
    const inbound = sql<number>`sum(case when network_ports.direction = 'inbound' then network_ports.bytes else 0 end)`;
    const outbound = sql<number>`sum(case when network_ports.direction = 'outbound' then network_ports.bytes else 0 end)`;
    let q = this.db
      .selectFrom('network_ports')
      .innerJoin('resources', 'resources.id', 'network_ports.resource_id')
      .select([
        'network_ports.resource_id as resourceId',
        'resources.name as name',
        'resources.type as type',
        'resources.account as account',
        inbound.as('inboundBytes'),
        outbound.as('outboundBytes'),
        (eb) => eb.fn.sum<number>('network_ports.flows').as('flows'),
        (eb) => eb.fn.countAll<number>().as('ports'),
        (eb) => eb.fn.max<number>('network_ports.peers').as('peers'),
      ]);
    if (opts.accounts) q = q.where('resources.account', 'in', nonEmpty(opts.accounts));
    const rows = await q
      .groupBy(['network_ports.resource_id', 'resources.name', 'resources.type', 'resources.account'])
      .orderBy(sql`sum(network_ports.bytes)`, 'desc')
      .orderBy('network_ports.resource_id')
      .limit(opts.limit)
      .execute();
    return rows.map((r) => ({
      resourceId: r.resourceId,
      name: r.name,
      type: r.type,
      account: r.account,
      inboundBytes: Number(r.inboundBytes),
      outboundBytes: Number(r.outboundBytes),
      flows: Number(r.flows),
      ports: Number(r.ports),
      peers: Number(r.peers),
    }));
  }
}
