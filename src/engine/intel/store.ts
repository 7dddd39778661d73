import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { IntelFeedConfig, SkywatchConfig } from '../../core/config.js';
import { parseDuration } from '../../core/config.js';
import { ConfigError, errorMessage } from '../../core/errors.js';
import type { Store } from '../../store/index.js';
import type { IntelFeedOptions, IntelFeedRecord } from '../../store/repos/intel.repo.js';
import { type FeedFormat, FEED_FORMATS, type ParsedFeed, parseFeed } from './feeds.js';
import { type FeedIndicators, type Indicator, type IntelCategory, IntelMatcher } from './matcher.js';
import { type Resolver, fetchFeed, validateFeedUrl } from './url.js';

/** Stored form of one indicator: a compact tuple so a 1M-indicator version is one small blob. */
type Row = [string, 'i' | 'c' | 'd', number | null, string | null, string | null, string | null, string | null, string | null];
const KIND = { ip: 'i', cidr: 'c', domain: 'd' } as const;
const UNKIND = { i: 'ip', c: 'cidr', d: 'domain' } as const;

export function encodeIndicators(list: readonly Indicator[]): string {
  const rows: Row[] = list.map((i) => [
    i.value,
    KIND[i.kind],
    i.confidence ?? null,
    i.category ?? null,
    i.firstSeen ?? null,
    i.lastSeen ?? null,
    i.validFrom ?? null,
    i.validUntil ?? null,
  ]);
  return gzipSync(JSON.stringify(rows)).toString('base64');
}

export function decodeIndicators(data: string): Indicator[] {
  const rows = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as Row[];
  return rows.map(([value, k, conf, cat, first, last, from, until]) => ({
    value,
    kind: UNKIND[k],
    ...(conf !== null && { confidence: conf }),
    ...(cat !== null && { category: cat as IntelCategory }),
    ...(first !== null && { firstSeen: first }),
    ...(last !== null && { lastSeen: last }),
    ...(from !== null && { validFrom: from }),
    ...(until !== null && { validUntil: until }),
  }));
}

export interface FeedDeps {
  readText?: (path: string) => Promise<string>;
  fetchText?: (url: string, opts: { allowPrivate?: boolean }) => Promise<string>;
  resolve?: Resolver;
  now?: () => Date;
}

export interface RefreshResult {
  feed: string;
  ok: boolean;
  version?: number;
  indicators: number;
  problems: number;
  /** The first few problems, with their line (or STIX object) number. */
  sample: string[];
  error?: string;
}

/** A feed version is refused (and the previous one kept) when it is empty or mostly unreadable. */
export function judgeFeed(parsed: ParsedFeed): string | undefined {
  if (parsed.indicators.length === 0) return parsed.problems.length ? `no indicators; ${parsed.problems.length} unreadable lines` : 'no indicators';
  if (parsed.problems.length > parsed.indicators.length) return `${parsed.problems.length} unreadable lines against ${parsed.indicators.length} indicators`;
  return undefined;
}

/**
 * Reads, parses and stores one feed. First/last seen carry over: an indicator already in the current
 * version keeps its first-seen time; every indicator present now is last seen now (unless the feed
 * gives its own times).
 */
export async function refreshFeed(store: Store, feed: IntelFeedRecord, deps: FeedDeps = {}): Promise<RefreshResult> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const opts = feed.options;
  let text: string;
  try {
    if (/^https?:\/\//i.test(feed.location)) {
      const allow = { ...(opts.allowPrivate && { allowPrivate: true }) };
      if (deps.fetchText) {
        await validateFeedUrl(feed.location, { ...allow, ...(deps.resolve && { resolve: deps.resolve }) });
        text = await deps.fetchText(feed.location, allow);
      } else text = await fetchFeed(feed.location, { ...allow, ...(deps.resolve && { resolve: deps.resolve }) });
    } else text = await (deps.readText ?? ((p) => readFile(p, 'utf8')))(feed.location);
  } catch (e) {
    const error = `could not read ${feed.location}: ${errorMessage(e)}`;
    await store.intel.recordFailure(feed.id, error, now);
    return { feed: feed.name, ok: false, indicators: 0, problems: 0, sample: [], error };
  }
  const parsed = parseFeed(text, {
    format: feed.format as FeedFormat,
    ...(opts.column !== undefined && { column: opts.column }),
    ...(opts.minLevel !== undefined && { minLevel: opts.minLevel }),
    ...(opts.category !== undefined && { category: opts.category }),
    ...(opts.confidence !== undefined && { confidence: opts.confidence }),
  });
  const sample = parsed.problems.slice(0, 5).map((p) => `${feed.location}:${p.line}: ${p.message}`);
  const bad = judgeFeed(parsed);
  if (bad) {
    const error = `${feed.location}: ${bad}${sample.length ? ` (${sample[0]})` : ''}; previous version kept`;
    await store.intel.recordFailure(feed.id, error, now);
    return { feed: feed.name, ok: false, indicators: parsed.indicators.length, problems: parsed.problems.length, sample, error };
  }
  const prev = await store.intel.currentVersion(feed.id);
  const firstSeen = new Map<string, string>();
  if (prev) for (const i of decodeIndicators(prev.data)) if (i.firstSeen) firstSeen.set(i.value, i.firstSeen);
  const seen = new Set<string>();
  const indicators: Indicator[] = [];
  for (const i of parsed.indicators) {
    if (seen.has(i.value)) continue;
    seen.add(i.value);
    indicators.push({ ...i, firstSeen: firstSeen.get(i.value) ?? i.firstSeen ?? now, lastSeen: i.lastSeen ?? now });
  }
  const version = await store.intel.addVersion(feed.id, {
    fetchedAt: now,
    indicatorCount: indicators.length,
    problems: parsed.problems.length,
    data: encodeIndicators(indicators),
  });
  return { feed: feed.name, ok: true, version, indicators: indicators.length, problems: parsed.problems.length, sample };
}

export interface FeedDefinition {
  name: string;
  format: FeedFormat;
  file?: string;
  url?: string;
  options: IntelFeedOptions;
  refresh?: string;
}

/** Validates a definition (CLI or config) and registers it; a URL is checked before it is stored. */
export async function defineFeed(store: Store, def: FeedDefinition, origin: 'config' | 'cli', deps: FeedDeps = {}): Promise<IntelFeedRecord> {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(def.name))
    throw new ConfigError(`feed name "${def.name}" must be letters, digits, dot, dash or underscore`, { field: 'name' });
  if (!FEED_FORMATS.includes(def.format)) throw new ConfigError(`feed format must be one of ${FEED_FORMATS.join(', ')}`, { field: 'format' });
  if (Boolean(def.file) === Boolean(def.url)) throw new ConfigError('give exactly one of --file or --url', { field: 'file' });
  if (def.refresh) parseDuration(def.refresh);
  if (def.format === 'csv' && !def.options.column) throw new ConfigError('a csv feed needs --column', { field: 'column' });
  if (def.url) await validateFeedUrl(def.url, { ...(def.options.allowPrivate && { allowPrivate: true }), ...(deps.resolve && { resolve: deps.resolve }) });
  return store.intel.define({
    name: def.name,
    format: def.format,
    location: def.url ?? resolvePath(def.file as string),
    options: def.options,
    refresh: def.refresh ?? null,
    origin,
  });
}

export function feedFromConfig(f: IntelFeedConfig, baseDir: string): FeedDefinition {
  return {
    name: f.name,
    format: f.format,
    ...(f.file && { file: isAbsolute(f.file) ? f.file : resolvePath(baseDir, f.file) }),
    ...(f.url && { url: f.url }),
    ...(f.refresh && { refresh: f.refresh }),
    options: {
      ...(f.column !== undefined && { column: f.column }),
      ...(f.minLevel !== undefined && { minLevel: f.minLevel }),
      ...(f.category !== undefined && { category: f.category }),
      ...(f.confidence !== undefined && { confidence: f.confidence }),
      ...(f.allowPrivate !== undefined && { allowPrivate: f.allowPrivate }),
    },
  };
}

/** Feeds whose refresh interval has passed since their last attempt (and feeds never loaded). */
export function dueFeeds(feeds: readonly IntelFeedRecord[], now: Date): IntelFeedRecord[] {
  return feeds.filter((f) => {
    if (!f.enabled) return false;
    if (f.status === 'new' || !f.lastAttemptAt) return true;
    if (!f.refresh) return false;
    return Date.parse(f.lastAttemptAt) + parseDuration(f.refresh) <= now.getTime();
  });
}

export async function refreshDueFeeds(store: Store, deps: FeedDeps = {}): Promise<RefreshResult[]> {
  const now = (deps.now ?? (() => new Date()))();
  const out: RefreshResult[] = [];
  for (const f of dueFeeds(await store.intel.list(), now)) out.push(await refreshFeed(store, f, deps));
  return out;
}

export interface LoadIntelOptions extends FeedDeps {
  /** Directory config-relative feed files resolve against (the config file's). */
  baseDir?: string;
  /** Load feeds that have never been loaded before building (default true). */
  refreshMissing?: boolean;
  /** Matching time for STIX validity windows (default now). */
  at?: Date;
}

/**
 * The shared entry point: registers the feeds configured in skywatch.yaml, loads those never
 * loaded, and builds one matcher over the current version of every enabled feed. Activity
 * detectors, network detectors and context rules receive the result as an `IntelLookup`.
 */
export async function loadIntel(store: Store, config: Pick<SkywatchConfig, 'intel'> = {}, opts: LoadIntelOptions = {}): Promise<IntelMatcher> {
  for (const f of config.intel?.feeds ?? []) {
    if (f.enabled === false) continue;
    await defineFeed(store, feedFromConfig(f, opts.baseDir ?? process.cwd()), 'config', opts);
  }
  const feeds = await store.intel.list();
  if (opts.refreshMissing !== false) for (const f of feeds.filter((x) => x.enabled && x.status === 'new')) await refreshFeed(store, f, opts);
  const sources: FeedIndicators[] = [];
  for (const f of await store.intel.list()) {
    if (!f.enabled) continue;
    const v = await store.intel.currentVersion(f.id);
    if (!v) continue;
    sources.push({ feed: f.name, ...(f.options.category && { category: f.options.category }), indicators: decodeIndicators(v.data) });
  }
  return IntelMatcher.build(sources, { now: opts.at ?? (opts.now ? opts.now() : new Date()) });
}
