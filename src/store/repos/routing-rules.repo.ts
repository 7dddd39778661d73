import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { RoutingConfig } from '../../core/response-config.js';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';

export type RoutingRuleBody = RoutingConfig[number];

/** A routing rule kept in the store (the API's); the rule body has the same shape as a skywatch.yaml `routing:` entry. */
export interface StoredRoutingRule {
  id: string;
  position: number;
  rule: RoutingRuleBody;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export class RoutingRulesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends a rule after the existing ones. */
  async create(rule: RoutingRuleBody, author: string, at = new Date().toISOString()): Promise<StoredRoutingRule> {
    const last = await this.db
      .selectFrom('routing_rules')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .executeTakeFirst();
    const row: StoredRoutingRule = { id: newId('rtr'), position: Number(last?.p ?? 0) + 1, rule, author, createdAt: at, updatedAt: at };
    await this.db
      .insertInto('routing_rules')
      .values({ id: row.id, position: row.position, rule: toJson(rule), author, created_at: at, updated_at: at })
      .execute();
    return row;
  }

  async list(): Promise<StoredRoutingRule[]> {
    const rows = await this.db.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      position: Number(r.position),
      rule: fromJson(r.rule, { to: [] } as unknown as RoutingRuleBody),
      author: r.author,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async get(id: string): Promise<StoredRoutingRule | undefined> {
    return (await this.list()).find((r) => r.id === id);
  }

  async update(id: string, patch: { rule?: RoutingRuleBody; position?: number }, at = new Date().toISOString()): Promise<boolean> {
    const r = await this.db
      .updateTable('routing_rules')
      .set({ ...(patch.rule && { rule: toJson(patch.rule) }), ...(patch.position !== undefined && { position: patch.position }), updated_at: at })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
