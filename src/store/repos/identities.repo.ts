import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../json.js';
import type { ActivityIdentitiesTable, Database } from '../schema.js';

export interface IdentitySummary {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: string;
  lastSeen: string;
  learningUntil: string;
  events: number;
  anomalies: number;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * The fields of a behaviour profile the table indexes; the whole profile (engine/activity/baselines)
 * is stored as JSON. Declared here so the store does not depend on the engine.
 */
export interface StoredProfile {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: number;
  lastSeen: number;
  learningUntil: number;
  events: number;
  anomalies: readonly unknown[];
}

/** Behaviour baselines of the activity engine, one row per identity (user, role, root). */
export class IdentitiesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get<P extends StoredProfile>(identity: string): Promise<P | undefined> {
    const r = await this.db.selectFrom('activity_identities').select('profile').where('identity', '=', identity).executeTakeFirst();
    return r ? fromJson<P | undefined>(r.profile, undefined) : undefined;
  }

  async save(profiles: readonly StoredProfile[]): Promise<void> {
    const at = new Date().toISOString();
    for (let i = 0; i < profiles.length; i += 200) {
      const rows: ActivityIdentitiesTable[] = profiles.slice(i, i + 200).map((p) => ({
        identity: p.identity,
        account: p.account,
        type: p.type,
        name: p.name,
        first_seen: iso(p.firstSeen),
        last_seen: iso(p.lastSeen),
        learning_until: iso(p.learningUntil),
        events: p.events,
        anomalies: p.anomalies.length,
        profile: toJson(p),
        updated_at: at,
      }));
      await this.db
        .insertInto('activity_identities')
        .values(rows)
        .onConflict((oc) =>
          oc.column('identity').doUpdateSet((eb) => ({
            account: eb.ref('excluded.account'),
            type: eb.ref('excluded.type'),
            name: eb.ref('excluded.name'),
            first_seen: eb.ref('excluded.first_seen'),
            last_seen: eb.ref('excluded.last_seen'),
            learning_until: eb.ref('excluded.learning_until'),
            events: eb.ref('excluded.events'),
            anomalies: eb.ref('excluded.anomalies'),
            profile: eb.ref('excluded.profile'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async list(filter: { account?: string; limit?: number } = {}): Promise<IdentitySummary[]> {
    let q = this.db
      .selectFrom('activity_identities')
      .select(['identity', 'account', 'type', 'name', 'first_seen', 'last_seen', 'learning_until', 'events', 'anomalies']);
    if (filter.account) q = q.where('account', '=', filter.account);
    const rows = await q
      .orderBy('account')
      .orderBy('identity')
      .limit(filter.limit ?? 1000)
      .execute();
    return rows.map((r) => ({
      identity: r.identity,
      account: r.account,
      type: r.type,
      name: r.name,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      learningUntil: r.learning_until,
      events: Number(r.events),
      anomalies: Number(r.anomalies),
    }));
  }
}
