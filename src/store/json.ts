/**
 * The one place that knows how JSON differs between dialects: PostgreSQL's jsonb comes back parsed,
 * SQLite's text comes back as a string. Writes are always a JSON string; both accept that.
 */
import { presetJsonOf } from '../core/json-text.js';

export type Dialect = 'sqlite' | 'postgres';

/** `JSON.stringify`, or the same text its producer already built (`presetJson`). */
export function toJson(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const text = presetJsonOf(value);
    if (text !== undefined) return text;
  }
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
