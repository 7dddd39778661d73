/**
 * The one place that knows how JSON differs between dialects: PostgreSQL's jsonb comes back parsed,
 * SQLite's text comes back as a string. Writes are always a JSON string; both accept that.
 */
export type Dialect = 'sqlite' | 'postgres';

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

export function jsonColumnType(dialect: Dialect): 'jsonb' | 'text' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}
