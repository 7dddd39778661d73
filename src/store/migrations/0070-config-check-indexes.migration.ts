import type { Kysely } from 'kysely';
import { defineMigration } from '../migration.js';

/**
 * Graph-scoped checks ask "every resource of type T in account A (and region R)" once per account;
 * with only (type, id) the store scanned the whole type for each account. In id order, so the
 * answer needs no sort (regions are few per account and filter in place).
 */
export default defineMigration(() => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('resources_type_account').on('resources').columns(['type', 'account', 'id']).execute();
  },
}));
