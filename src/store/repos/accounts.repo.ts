import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';

export interface Account {
  id: string;
  provider: string;
  name: string;
  parent: string | null;
  status: string;
  team: string | null;
  tags: Record<string, string>;
}

export class AccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(a: Account, at = new Date().toISOString()): Promise<void> {
    const row = { ...a, tags: toJson(a.tags), updated_at: at };
    await this.db
      .insertInto('accounts')
      .values({ ...row, created_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async list(): Promise<Account[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      provider: r.provider,
      name: r.name,
      parent: r.parent,
      status: r.status,
      team: r.team,
      tags: fromJson(r.tags, {}),
    }));
  }
}
