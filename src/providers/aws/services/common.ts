import type { EdgeRecord, ResourceRecord } from '../../../core/resource.js';
import type { CollectContext } from '../../../core/units/collector.js';
import { awsErrorCode, isNotFound } from '../errors.js';

/**
 * Helpers every AWS collector shares, so each collector file only says what is specific to its
 * resource type: which call lists it, which fields hydrate it, how its id and edges are formed.
 */

/** What `toResource` receives: where the item was collected. */
export type Where = Pick<CollectContext, 'account' | 'region' | 'partition'>;

/** A partition-aware ARN; `region`/`account` default to the collection context, `''` leaves them empty (S3, IAM). */
export function arn(ctx: Where, service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
  return `arn:${ctx.partition}:${service}:${opts.region ?? ctx.region}:${opts.account ?? ctx.account}:${resource}`;
}

/** ARN of an EC2 resource in this account and region (`instance/i-…`, `security-group/sg-…`). */
export function ec2Arn(ctx: Where, kind: string, id: string): string {
  return arn(ctx, 'ec2', `${kind}/${id}`);
}

type TagInput =
  | ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined } | { key?: string | undefined; value?: string | undefined }>
  | Readonly<Record<string, string | undefined>>
  | undefined
  | null;

/** Flat `{key: value}` tags from any AWS tag shape: `[{Key, Value}]`, `[{key, value}]` or a map. */
export function flatTags(tags: TagInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (!tags) return out;
  if (Array.isArray(tags)) {
    for (const t of tags as Array<Record<string, string | undefined>>) {
      const k = t.Key ?? t.key;
      if (k !== undefined) out[k] = t.Value ?? t.value ?? '';
    }
    return out;
  }
  for (const [k, v] of Object.entries(tags)) out[k] = v ?? '';
  return out;
}

/** Rule 5 of the resource model: the Name tag, else the resource's own name, else its id. */
export function nameOf(tags: Record<string, string>, ...fallbacks: Array<string | undefined | null>): string {
  if (tags.Name) return tags.Name;
  for (const f of fallbacks) if (f) return f;
  return '';
}

/**
 * A policy document as JSON. IAM returns documents URL-encoded, most services plain JSON text;
 * a document that does not parse is kept as text so nothing is lost.
 */
export function parsePolicy(doc: unknown): unknown {
  if (doc === undefined || doc === null || doc === '') return null;
  if (typeof doc !== 'string') return doc;
  let text = doc.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return doc;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return doc;
  }
}

/** The SDK item as plain JSON: dates become ISO strings, `undefined` fields and SDK `$metadata` go. */
export function plain<T>(value: T): T {
  return toPlain(value) as T;
}

function toPlain(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && k !== '$metadata') out[k] = toPlain(x);
    return out;
  }
  return v;
}

/** Rule 2: config is the raw item plus the hydrated keys (and `_errors`, when the engine adds it). */
export function configOf(raw: unknown, hydrated: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { ...(plain(raw) as Record<string, unknown>), ...(plain(hydrated) as Record<string, unknown>) };
}

export interface RecordInput {
  type: string;
  id: string;
  /** Defaults to the Name tag, then the id. */
  name?: string | undefined;
  tags?: Record<string, string>;
  config: Record<string, unknown>;
  /** Defaults to the collection region; `global` for global services. */
  region?: string;
  /** Defaults to the id when it is a real ARN. */
  arn?: string | undefined;
  /** Defaults to the collection account (Organizations accounts name their own). */
  account?: string;
}

export function record(ctx: Where, r: RecordInput): ResourceRecord {
  const tags = r.tags ?? {};
  const out: ResourceRecord = {
    id: r.id,
    type: r.type,
    provider: 'aws',
    account: r.account ?? ctx.account,
    region: r.region ?? ctx.region,
    name: nameOf(tags, r.name, r.id),
    tags,
    config: r.config,
  };
  const a = r.arn ?? (r.id.startsWith('arn:') ? r.id : undefined);
  if (a) out.arn = a;
  return out;
}

/** Edges from one resource, skipping targets that are unknown, and duplicates. */
export function edges(from: string, kind: string, targets: Iterable<string | undefined | null>): EdgeRecord[] {
  const seen = new Set<string>();
  const out: EdgeRecord[] = [];
  for (const to of targets) {
    if (!to || seen.has(to)) continue;
    seen.add(to);
    out.push({ from, kind, to });
  }
  return out;
}

/**
 * Runs a hydrating call and turns AWS's "this is not configured" answers (`NoSuchBucketPolicy`,
 * `…NotFoundError`, `NoSuchEntity`, plus any `extra` codes) into `null` (rule 3 of the resource
 * model); any other error propagates so the engine records it in `_errors` and as a gap.
 */
export async function orNull<T>(call: () => Promise<T>, extra: readonly string[] = []): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err) || extra.includes(awsErrorCode(err))) return null;
    throw err;
  }
}

/** Flattens SDK paginator pages into their items. */
export async function* itemsOf<P, I>(pages: AsyncIterable<P>, pick: (page: P) => readonly I[] | undefined): AsyncIterable<I> {
  // A page that came back empty or malformed (no body) contributes nothing instead of crashing the listing.
  for await (const page of pages) for (const item of (page && pick(page)) ?? []) yield item;
}

/** Drains an async iterable (hydrators that page through a sub-listing). */
export async function collectAll<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The last path segment of an ARN or id (`arn:…:role/path/name` → `name`). */
export function lastSegment(idOrArn: string): string {
  const i = Math.max(idOrArn.lastIndexOf('/'), idOrArn.lastIndexOf(':'));
  return i >= 0 ? idOrArn.slice(i + 1) : idOrArn;
}

/** Names/ids to refresh, taken from ARNs or plain ids given by the event mapping. */
export function idsFrom(ids: readonly string[]): string[] {
  return [...new Set(ids.map(lastSegment).filter(Boolean))];
}

/** Splits a list into chunks of at most `n` (describe calls that take a bounded id list). */
export function chunks<T>(list: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

/** A KMS key reference as an ARN target for `encrypted-with` edges (ids and aliases are qualified). */
export function kmsKeyArn(ctx: Where, key: string | undefined | null): string | undefined {
  if (!key) return undefined;
  if (key.startsWith('arn:')) return key;
  return arn(ctx, 'kms', key.startsWith('alias/') ? key : `key/${key}`);
}

/** Pages of an API the SDK has no paginator for: calls until the answer carries no next token. */
export async function* tokenPages<P>(call: (token: string | undefined) => Promise<P>, next: (page: P) => string | undefined): AsyncIterable<P> {
  let token: string | undefined;
  do {
    const page = await call(token);
    yield page;
    token = next(page);
  } while (token);
}
