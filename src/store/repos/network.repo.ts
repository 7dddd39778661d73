import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { newId } from '../../core/ids.js';
import { inSqliteTransaction, preparedPerHandle } from '../db.js';
import type { Database } from '../schema.js';

export interface NetworkPort {
  resourceId: string;
  port: number;
  protocol: string;
  direction: 'inbound' | 'outbound';
  firstSeen: string;
  lastSeen: string;
  flows: number;
  bytes: number;
  peers: number;
}

export interface NetworkIngestError {
  id: string;
  kind: string;
  location: string;
  line: number | null;
  message: string;
  at: string;
}

const BATCH = 200;

/** `addPorts` as a prepared statement, once per SQLite handle: the same conflict rule as its Kysely form. */
const portStatements = preparedPerHandle((db) => ({
  add: db.prepare(
    `INSERT INTO network_ports (resource_id, port, protocol, direction, first_seen, last_seen, flows, bytes, peers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource_id, port, protocol, direction) DO UPDATE SET
       first_seen = CASE WHEN excluded.first_seen < network_ports.first_seen THEN excluded.first_seen ELSE network_ports.first_seen END,
       last_seen = CASE WHEN excluded.last_seen > network_ports.last_seen THEN excluded.last_seen ELSE network_ports.last_seen END,
       flows = network_ports.flows + excluded.flows,
       bytes = network_ports.bytes + excluded.bytes,
       peers = CASE WHEN excluded.peers > network_ports.peers THEN excluded.peers ELSE network_ports.peers END`,
  ),
}));

/** Per-resource port observations from flow logs, and the records ingests could not parse. */
export class NetworkRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** SQLite's own handle, when on SQLite: `addPorts` then runs as one prepared statement (see there). */
    private readonly sqlite?: SQLite.Database,
  ) {}

  /**
   * Adds observations: counts accumulate, first/last seen widen, peers keep the larger count. One
   * multi-row upsert per 100 rows (ON CONFLICT works alike on SQLite and PostgreSQL).
   */
  async addPorts(items: readonly NetworkPort[]): Promise<void> {
    if (this.sqlite) {
      // SQLite: one cached prepared statement per row, all in one transaction (a flow ingest saves
      // tens of thousands at a time), under Kysely's connection lock so no Kysely transaction interleaves.
      const { add } = portStatements(this.sqlite);
      await inSqliteTransaction(this.db, this.sqlite, () => {
        for (const p of items) add.run(p.resourceId, p.port, p.protocol, p.direction, p.firstSeen, p.lastSeen, p.flows, p.bytes, p.peers);
      });
      return;
    }
    for (let i = 0; i < items.length; i += 100) {
      const rows = items.slice(i, i + 100).map((p) => ({
        resource_id: p.resourceId,
        port: p.port,
        protocol: p.protocol,
        direction: p.direction,
        first_seen: p.firstSeen,
        last_seen: p.lastSeen,
        flows: p.flows,
        bytes: p.bytes,
        peers: p.peers,
      }));
      await this.db
        .insertInto('network_ports')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['resource_id', 'port', 'protocol', 'direction']).doUpdateSet({
            first_seen: sql`CASE WHEN excluded.first_seen < network_ports.first_seen THEN excluded.first_seen ELSE network_ports.first_seen END`,
            last_seen: sql`CASE WHEN excluded.last_seen > network_ports.last_seen THEN excluded.last_seen ELSE network_ports.last_seen END`,
            flows: sql`network_ports.flows + excluded.flows`,
            bytes: sql`network_ports.bytes + excluded.bytes`,
            peers: sql`CASE WHEN excluded.peers > network_ports.peers THEN excluded.peers ELSE network_ports.peers END`,
          }),
        )
        .execute();
    }
  }

  async ports(filter: { resourceId?: string; direction?: 'inbound' | 'outbound' } = {}): Promise<NetworkPort[]> {
    let q = this.db.selectFrom('network_ports').selectAll();
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.direction) q = q.where('direction', '=', filter.direction);
    const rows = await q.orderBy('resource_id').orderBy('port').orderBy('protocol').execute();
    return rows.map((r) => ({
      resourceId: r.resource_id,
      port: Number(r.port),
      protocol: r.protocol,
      direction: r.direction as NetworkPort['direction'],
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      flows: Number(r.flows),
      bytes: Number(r.bytes),
      peers: Number(r.peers),
    }));
  }

  async recordErrors(items: readonly Omit<NetworkIngestError, 'id' | 'at'>[], at = new Date().toISOString()): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const rows = items
        .slice(i, i + BATCH)
        .map((e) => ({ id: newId('nerr'), kind: e.kind, location: e.location, line: e.line, message: e.message.slice(0, 500), at }));
      if (rows.length) await this.db.insertInto('network_ingest_errors').values(rows).execute();
    }
  }

  async errors(filter: { kind?: string; limit?: number } = {}): Promise<NetworkIngestError[]> {
    let q = this.db.selectFrom('network_ingest_errors').selectAll();
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    const rows = await q
      .orderBy('id')
      .limit(filter.limit ?? 1000)
      .execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, location: r.location, line: r.line === null ? null : Number(r.line), message: r.message, at: r.at }));
  }
}
