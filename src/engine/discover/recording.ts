import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Record and replay of AWS API calls. A recording directory holds one JSON file per
 * `<account>/<region>/<service>/<Command>.json`: a list of entries, each the request input (without
 * pagination fields) and the responses, one per page, keyed by the page token that asked for it.
 * Dates and bytes are tagged (`{"$date": …}`, `{"$bytes": base64}`) so a replay hands collectors the
 * same JS types the SDK would.
 */

/** Input fields that select a page or its size; requests match without them. */
export const PAGINATION_FIELDS = new Set([
  'NextToken',
  'nextToken',
  'Marker',
  'marker',
  'MaxResults',
  'maxResults',
  'MaxItems',
  'MaxRecords',
  'Limit',
  'limit',
  'PageSize',
  'ContinuationToken',
  'StartingToken',
  'ExclusiveStartKey',
  'ExclusiveStartTableName',
  'position',
  'Position',
  'StartAfter',
  'KeyMarker',
  'StartRecordName',
]);

/** Token fields, in the order we look for the one a request carries. */
const TOKEN_FIELDS = [
  'NextToken',
  'nextToken',
  'Marker',
  'marker',
  'ContinuationToken',
  'StartingToken',
  'ExclusiveStartTableName',
  'position',
  'Position',
  'KeyMarker',
  'StartRecordName',
];

export interface RecordedResponse {
  /** The page token of the request that got this response; absent for the first page. */
  token?: string;
  output?: unknown;
  error?: { name: string; message: string; httpStatusCode?: number };
}

export interface RecordedEntry {
  input: Record<string, unknown>;
  responses: RecordedResponse[];
}

export interface CallKey {
  account: string;
  region: string;
  service: string;
  command: string;
}

export function encodeValue(v: unknown): unknown {
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? null : v.toISOString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || k === '$metadata') continue;
      out[k] = encodeValue(x);
    }
    return out;
  }
  return v;
}

export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$date') return new Date(String(o.$date));
    if (keys.length === 1 && keys[0] === '$bytes') return new Uint8Array(Buffer.from(String(o.$bytes), 'base64'));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
    return out;
  }
  return v;
}

/** The input that identifies a request: pagination stripped, undefined dropped, dates encoded. */
export function matchInput(input: unknown): Record<string, unknown> {
  const enc = encodeValue(input ?? {});
  const out: Record<string, unknown> = {};
  if (enc && typeof enc === 'object' && !Array.isArray(enc)) for (const [k, v] of Object.entries(enc)) if (!PAGINATION_FIELDS.has(k)) out[k] = v;
  return out;
}

export function pageToken(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const o = input as Record<string, unknown>;
  for (const f of TOKEN_FIELDS) {
    const v = o[f];
    if (typeof v === 'string' && v) return v;
    if (v && typeof v === 'object') return JSON.stringify(encodeValue(v));
  }
  return undefined;
}

/** Canonical JSON (sorted keys): equal inputs give equal strings. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function inputHash(input: Record<string, unknown>): string {
  return createHash('sha256').update(canonical(input)).digest('hex').slice(0, 16);
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}

export function recordingPath(dir: string, k: CallKey): string {
  return join(dir, safe(k.account), safe(k.region), safe(k.service), `${safe(k.command)}.json`);
}

/** Collects responses in memory and writes them out on `flush`. */
export class Recorder {
  private readonly files = new Map<string, Map<string, RecordedEntry>>();
  constructor(readonly dir: string) {}

  add(k: CallKey, input: unknown, response: { output?: unknown; error?: unknown }): void {
    const path = recordingPath(this.dir, k);
    let entries = this.files.get(path);
    if (!entries) {
      entries = new Map();
      this.files.set(path, entries);
    }
    const m = matchInput(input);
    const key = canonical(m);
    let entry = entries.get(key);
    if (!entry) {
      entry = { input: m, responses: [] };
      entries.set(key, entry);
    }
    const token = pageToken(input);
    const rec: RecordedResponse = { ...(token !== undefined && { token }) };
    if ('error' in response && response.error !== undefined) rec.error = errorRecord(response.error);
    else rec.output = encodeValue(response.output);
    // A retried page replaces the earlier answer for the same token; the last word is what the collector saw.
    entry.responses = entry.responses.filter((r) => r.token !== token);
    entry.responses.push(rec);
  }

  flush(): number {
    let n = 0;
    for (const [path, entries] of this.files) {
      mkdirSync(dirname(path), { recursive: true });
      const list = [...entries.values()].sort((a, b) => canonical(a.input).localeCompare(canonical(b.input)));
      writeFileSync(path, `${JSON.stringify(list, null, 1)}\n`);
      n++;
    }
    return n;
  }
}

export function errorRecord(err: unknown): { name: string; message: string; httpStatusCode?: number } {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    ...(e?.$metadata?.httpStatusCode !== undefined && { httpStatusCode: e.$metadata.httpStatusCode }),
  };
}

/** An error as the SDK would have thrown it, from its record. */
export function reviveError(r: { name: string; message: string; httpStatusCode?: number }): Error {
  const e = new Error(r.message) as Error & { $metadata: { httpStatusCode?: number }; $fault: string };
  e.name = r.name;
  e.$metadata = r.httpStatusCode === undefined ? {} : { httpStatusCode: r.httpStatusCode };
  e.$fault = (r.httpStatusCode ?? 400) >= 500 ? 'server' : 'client';
  return e;
}

/** Raised when a replay has no answer for a request: classified `unsupported` (HTTP 501). */
export class ReplayMiss extends Error {
  readonly $metadata = { httpStatusCode: 501 };
  constructor(k: CallKey, input: unknown) {
    super(`no recording for ${k.service} ${k.command} in ${k.account}/${k.region} with input ${canonical(matchInput(input)).slice(0, 200)}`);
    this.name = 'ReplayMiss';
  }
}

/** Answers requests from a recording directory; files are read lazily and cached. */
export class Replayer {
  private readonly cache = new Map<string, Map<string, RecordedEntry>>();
  misses = 0;
  constructor(readonly dir: string) {}

  private load(path: string): Map<string, RecordedEntry> {
    let m = this.cache.get(path);
    if (m) return m;
    m = new Map();
    let list: RecordedEntry[] = [];
    try {
      list = JSON.parse(readFileSync(path, 'utf8')) as RecordedEntry[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`recording ${path} is not valid JSON: ${(err as Error).message}`);
    }
    for (const e of list) m.set(canonical(matchInput(e.input)), e);
    this.cache.set(path, m);
    return m;
  }

  /** The recorded output (decoded), or throws the recorded error, or a ReplayMiss. */
  answer(k: CallKey, input: unknown): unknown {
    const entry = this.load(recordingPath(this.dir, k)).get(canonical(matchInput(input)));
    if (!entry) {
      this.misses++;
      throw new ReplayMiss(k, input);
    }
    const token = pageToken(input);
    const res = entry.responses.find((r) => r.token === token) ?? (token === undefined ? entry.responses[0] : undefined);
    if (!res) {
      this.misses++;
      throw new ReplayMiss(k, input);
    }
    if (res.error) throw reviveError(res.error);
    return decodeValue(res.output ?? {});
  }

  /** The accounts a recording holds (directory names other than `_`). */
  accounts(): string[] {
    try {
      return readdirSync(this.dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== '_')
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }
}
