import type { Kysely, Migration } from 'kysely';
import { type Dialect, jsonColumnType } from './json.js';

/**
 * A migration file (`src/store/migrations/NNNN-name.migration.ts`) default-exports one of these.
 * `npm run gen` lists them; they run in file-name order. The JSON column type is the only thing a
 * migration may vary by dialect.
 */
export type MigrationFactory = (json: 'jsonb' | 'text', dialect: Dialect) => Migration;

export function defineMigration(
  make: (json: 'jsonb' | 'text', dialect: Dialect) => { up(db: Kysely<any>): Promise<void>; down?(db: Kysely<any>): Promise<void> },
): MigrationFactory {
  return make;
}

export function buildMigrations(list: readonly { name: string; factory: MigrationFactory }[], dialect: Dialect): Record<string, Migration> {
  const json = jsonColumnType(dialect);
  return Object.fromEntries(list.map((m) => [m.name, m.factory(json, dialect)]));
}
