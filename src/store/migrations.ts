import { migrationList } from '../generated/migrations.js';
import type { Dialect } from './json.js';
import { buildMigrations } from './migration.js';
import type { Migration } from 'kysely';

/** One migration set for both dialects, from `src/store/migrations/*.migration.ts` (generated list). */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return buildMigrations(migrationList, dialect);
}
