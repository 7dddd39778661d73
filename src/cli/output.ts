import { ConfigError } from '../core/errors.js';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<T> {
  /** The field name in JSON and CSV output: documented and stable. */
  key: string;
  header?: string;
  get(row: T): unknown;
  /** Table only: cut longer values (JSON and CSV are never cut). */
  width?: number;
}

export function parseFormat(v: string, allowed: readonly string[] = FORMATS): Format {
  if (!allowed.includes(v)) throw new ConfigError(`--format must be one of ${allowed.join(', ')} (got "${v}")`, { field: 'format' });
  return v as Format;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cell).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(v: unknown): string {
  const s = cell(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders rows in the chosen format. JSON is one array of objects keyed by the column keys. */
export function render<T>(rows: readonly T[], columns: readonly Column<T>[], format: Format): string {
  if (format === 'json') {
    return `${JSON.stringify(
      rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.get(r) ?? null]))),
      null,
      2,
    )}\n`;
  }
  if (format === 'csv') {
    const lines = [columns.map((c) => csvCell(c.key)).join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvCell(c.get(r))).join(','));
    return `${lines.join('\n')}\n`;
  }
  const headers = columns.map((c) => c.header ?? c.key);
  const cells = rows.map((r) =>
    columns.map((c) => {
      const s = cell(c.get(r)).replace(/\s+/g, ' ');
      const w = c.width ?? 60;
      return s.length > w ? `${s.slice(0, w - 1)}…` : s;
    }),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  if (rows.length === 0) out.push('(none)');
  return `${out.join('\n')}\n`;
}
