import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
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

/** Per-resource port observations from flow logs, and the records ingests could not parse. */
export class NetworkRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds observations: counts accumulate, first/last seen widen, peers keep the larger count. */
  async addPorts(items: readonly NetworkPort[]): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      await this.db.transaction().execute(async (tx) => {
        for (const p of batch) {
          const old = await tx
            .selectFrom('network_ports')
            .selectAll()
            .where('resource_id', '=', p.resourceId)
            .where('port', '=', p.port)
            .where('protocol', '=', p.protocol)
            .where('direction', '=', p.direction)
            .executeTakeFirst();
          if (!old) {
            await tx
              .insertInto('network_ports')
              .values({
                resource_id: p.resourceId,
                port: p.port,
                protocol: p.protocol,
                direction: p.direction,
                first_seen: p.firstSeen,
                last_seen: p.lastSeen,
                flows: p.flows,
                bytes: p.bytes,
                peers: p.peers,
              })
              .execute();
            continue;
          }
          await tx
            .updateTable('network_ports')
            .set({
              first_seen: p.firstSeen < old.first_seen ? p.firstSeen : old.first_seen,
              last_seen: p.lastSeen > old.last_seen ? p.lastSeen : old.last_seen,
              flows: Number(old.flows) + p.flows,
              bytes: Number(old.bytes) + p.bytes,
              peers: Math.max(Number(old.peers), p.peers),
            })
            .where('resource_id', '=', p.resourceId)
            .where('port', '=', p.port)
            .where('protocol', '=', p.protocol)
            .where('direction', '=', p.direction)
            .execute();
        }
      });
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
