import type { EdgeRecord, GraphView, ResourceRecord } from '../../../core/resource.js';
import type { Store } from '../../../store/index.js';

interface TypeQuery {
  type: string;
  account?: string;
  region?: string;
}

const typeKey = (q: TypeQuery) => `${q.type}\u0000${q.account ?? '*'}\u0000${q.region ?? '*'}`;

/**
 * A GraphView over the store for checks, which are synchronous pure functions. It answers from a
 * cache and records every question it could not answer (a "miss"); the engine then loads all misses
 * of a batch in a few bulk queries and evaluates the affected checks again. So a check reads only
 * the neighbourhood it walks, nothing is loaded for checks that never touch the graph, and the
 * engine needs no per-check declaration of what to prefetch.
 */
export class CachedGraph implements GraphView {
  /** What queries loaded (neighbours, type lists): bounded by the engine's cache limit. */
  private readonly resources = new Map<string, ResourceRecord | null>();
  /**
   * The batch being evaluated, held apart from the cache and replaced by the next batch: streamed
   * resources never fill the cache, so the cache (and its type lists) is dropped only when graph
   * walks themselves outgrow it, not every few batches.
   */
  private batch = new Map<string, ResourceRecord>();
  private readonly out = new Map<string, EdgeRecord[]>();
  private readonly inn = new Map<string, EdgeRecord[]>();
  private readonly edgesLoaded = new Set<string>();
  private readonly types = new Map<string, string[]>();
  private missIds = new Set<string>();
  private missEdges = new Set<string>();
  private missTypes = new Map<string, TypeQuery>();
  /**
   * Type lists resolved to records for the current batch: per-account checks ask the same question
   * for every resource of an account, and rebuilding the list each time was most of their cost.
   * Frozen, since every caller shares it; dropped whenever the batch or the cache changes.
   */
  private resolved = new Map<string, readonly ResourceRecord[]>();
  /** Grows with every miss; the engine compares it before and after an evaluation. */
  misses = 0;

  /** Resources the engine already holds (the batch) are known without a query. */
  seed(records: readonly ResourceRecord[]): void {
    this.batch = new Map();
    for (const r of records) this.batch.set(r.id, r);
    this.resolved = new Map();
  }

  private known(id: string): boolean {
    return this.batch.has(id) || this.resources.has(id);
  }

  get size(): number {
    return this.resources.size;
  }

  get pending(): boolean {
    return this.missIds.size + this.missEdges.size + this.missTypes.size > 0;
  }

  get(id: string): ResourceRecord | undefined {
    const r = this.batch.get(id) ?? this.resources.get(id);
    if (r === undefined) {
      this.misses++;
      this.missIds.add(id);
    }
    return r ?? undefined;
  }

  neighbours(id: string, opts: { kind?: string; direction?: 'out' | 'in' | 'both' } = {}): ResourceRecord[] {
    if (!this.edgesLoaded.has(id)) {
      this.misses++;
      this.missEdges.add(id);
      return [];
    }
    const dir = opts.direction ?? 'both';
    const found: ResourceRecord[] = [];
    // Plain loops: this runs for every edge of every graph check, and closures here were measurable.
    if (dir !== 'in')
      for (const e of this.out.get(id) ?? []) {
        if (opts.kind && e.kind !== opts.kind) continue;
        const r = this.get(e.to);
        if (r) found.push(r);
      }
    if (dir !== 'out')
      for (const e of this.inn.get(id) ?? []) {
        if (opts.kind && e.kind !== opts.kind) continue;
        const r = this.get(e.from);
        if (r) found.push(r);
      }
    return found;
  }

  byType(type: string, where: { account?: string; region?: string } = {}): ResourceRecord[] {
    const key = `${type}\u0000${where.account ?? '*'}\u0000${where.region ?? '*'}`;
    const done = this.resolved.get(key);
    if (done) return done as ResourceRecord[];
    const ids = this.types.get(key);
    if (!ids) {
      this.misses++;
      if (!this.missTypes.has(key))
        this.missTypes.set(key, {
          type,
          ...(where.account !== undefined && { account: where.account }),
          ...(where.region !== undefined && { region: where.region }),
        });
      return [];
    }
    const out: ResourceRecord[] = [];
    for (const id of ids) {
      const r = this.batch.get(id) ?? this.resources.get(id);
      if (r) out.push(r);
    }
    this.resolved.set(key, Object.freeze(out));
    return out;
  }

  /** Loads everything asked for since the last load, in bulk. Returns how many questions it answered. */
  async load(store: Store): Promise<number> {
    const ids = [...this.missIds];
    const edgeIds = [...this.missEdges];
    const types = [...this.missTypes.values()];
    this.missIds = new Set();
    this.missEdges = new Set();
    this.missTypes = new Map();
    this.resolved = new Map();
    if (edgeIds.length) {
      for (const id of edgeIds) {
        this.edgesLoaded.add(id);
        this.out.set(id, []);
        this.inn.set(id, []);
      }
      const asked = new Set(edgeIds);
      const edges = await store.configQueries.edgesTouching(edgeIds);
      const wanted = new Set<string>();
      for (const e of edges) {
        if (asked.has(e.from)) this.out.get(e.from)?.push(e);
        if (asked.has(e.to)) this.inn.get(e.to)?.push(e);
        if (!this.known(e.from)) wanted.add(e.from);
        if (!this.known(e.to)) wanted.add(e.to);
      }
      // Neighbours come with their edges' far ends, so a one-hop walk costs one round.
      for (const id of wanted) ids.push(id);
    }
    if (ids.length) {
      const unique = [...new Set(ids)].filter((id) => !this.known(id));
      const found = await store.resources.getMany(unique);
      for (const id of unique) this.resources.set(id, null);
      for (const r of found) if (r.deletedAt === null) this.resources.set(r.id, strip(r));
    }
    for (const q of types) {
      const list: string[] = [];
      for await (const batch of store.configQueries.streamType(q.type, undefined, 1000, {
        ...(q.account !== undefined && { account: q.account }),
        ...(q.region !== undefined && { region: q.region }),
      })) {
        for (const r of batch) {
          // Kept even when in the batch: the list outlives the batch and must not lose its members.
          if (!this.resources.get(r.id)) this.resources.set(r.id, r);
          list.push(r.id);
        }
      }
      this.types.set(typeKey(q), list);
    }
    return ids.length + edgeIds.length + types.length;
  }

  /** Forgets everything: the engine calls it when the cache outgrows its bound. */
  clear(): void {
    this.batch.clear();
    this.resolved.clear();
    this.resources.clear();
    this.out.clear();
    this.inn.clear();
    this.edgesLoaded.clear();
    this.types.clear();
  }
}

function strip(r: ResourceRecord & { firstSeen?: string; lastSeen?: string; deletedAt?: string | null }): ResourceRecord {
  const { firstSeen: _f, lastSeen: _l, deletedAt: _d, ...rest } = r;
  return rest;
}
