import type { Kysely } from 'kysely';
import type { Dialect } from '../json.js';
import type { Database } from '../schema.js';

/** One shared rate budget as stored: its tokens and rate as of `lastMs`, and the throttles it saw. */
export interface RateBudgetState {
  tokens: number;
  rate: number;
  lastMs: number;
  throttles: number;
}

/**
 * Rate budgets shared by the processes of one store (discovery workers). The repository only makes
 * each change atomic — read the row under a lock, let the caller's pure step decide, write it back —
 * so the bucket arithmetic stays with the engine (`leaseStep` in engine/discover/rate-budget.ts).
 */
export class RateBudgetsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Applies `step` to the budget `key` (created as `init` on first use) in one transaction and
   * returns what it says. On PostgreSQL the row is locked (`FOR UPDATE`), so concurrent workers
   * queue on it; SQLite serialises writers itself.
   */
  async apply<T>(key: string, init: RateBudgetState, step: (s: RateBudgetState) => { state: RateBudgetState; out: T }): Promise<T> {
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('rate_budgets')
        .values({ key, tokens: init.tokens, rate: init.rate, last_ms: init.lastMs, throttles: init.throttles })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const q = tx.selectFrom('rate_budgets').selectAll().where('key', '=', key);
      const row = await (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
      const { state, out } = step({ tokens: Number(row.tokens), rate: Number(row.rate), lastMs: Number(row.last_ms), throttles: Number(row.throttles) });
      await tx
        .updateTable('rate_budgets')
        .set({ tokens: state.tokens, rate: state.rate, last_ms: state.lastMs, throttles: state.throttles })
        .where('key', '=', key)
        .execute();
      return out;
    });
  }

  async get(key: string): Promise<RateBudgetState | undefined> {
    const r = await this.db.selectFrom('rate_budgets').selectAll().where('key', '=', key).executeTakeFirst();
    return r && { tokens: Number(r.tokens), rate: Number(r.rate), lastMs: Number(r.last_ms), throttles: Number(r.throttles) };
  }
}
