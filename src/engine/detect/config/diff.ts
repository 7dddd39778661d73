import type { Finding } from '../../../core/finding.js';
import { ConfigError } from '../../../core/errors.js';
import type { CheckRun, Store } from '../../../store/index.js';
import { fromRow } from '../../../store/repos/findings.repo.js';

/** Scan-to-scan: what a full check run changed against an earlier one. */
export interface FindingsDiff {
  from: CheckRun | null;
  to: CheckRun;
  new: Finding[];
  resolved: Finding[];
  /** Open again after having been fixed (or un-suppressed) before `from`. */
  regressed: Finding[];
  unchanged: Finding[];
}

export type DiffCategory = 'new' | 'resolved' | 'regressed' | 'unchanged';

/**
 * Pure classification of two snapshots (finding id → status). Only `open` counts as present:
 * a suppressed finding is neither new nor regressed.
 */
export function classify(
  from: ReadonlyMap<string, string> | null,
  to: ReadonlyMap<string, string>,
  firstSeen: (id: string) => string | undefined,
  fromStartedAt: string | null,
): Map<string, DiffCategory> {
  const out = new Map<string, DiffCategory>();
  const openIn = (m: ReadonlyMap<string, string> | null, id: string) => m?.get(id) === 'open';
  for (const [id, status] of to) {
    if (status !== 'open') continue;
    if (openIn(from, id)) out.set(id, 'unchanged');
    else if (from && fromStartedAt && (firstSeen(id) ?? '') < fromStartedAt) out.set(id, 'regressed');
    else out.set(id, 'new');
  }
  if (from) for (const [id, status] of from) if (status === 'open' && !openIn(to, id)) out.set(id, 'resolved');
  return out;
}

/** Diffs two full runs; by default the latest finished full run against the one before it. */
export async function diffRuns(store: Store, sel: { from?: string; to?: string } = {}): Promise<FindingsDiff> {
  const runs = await store.checkRuns.list({ kind: 'full', limit: 100 });
  const pick = async (id: string, what: string) => {
    const r = await store.checkRuns.get(id);
    if (!r) throw new ConfigError(`${what}: no check run "${id}" (see \`skywatch checks runs\`)`, { field: what });
    if (r.kind !== 'full') throw new ConfigError(`${what}: run "${id}" is an event run; diffs compare full runs`, { field: what });
    return r;
  };
  const to = sel.to ? await pick(sel.to, '--to') : runs[0];
  if (!to) throw new ConfigError('no full check run yet: run `skywatch checks run` first', { field: '--to' });
  const from = sel.from
    ? await pick(sel.from, '--from')
    : (runs.find((r) => r.startedAt < to.startedAt || (r.startedAt === to.startedAt && r.id < to.id)) ?? null);
  const [a, b] = await Promise.all([from ? store.checkRuns.snapshotOf(from.id) : Promise.resolve(null), store.checkRuns.snapshotOf(to.id)]);
  const ids = new Set([...(a?.keys() ?? []), ...b.keys()]);
  const rows = await store.configQueries.findingsByIds([...ids]);
  const byId = new Map(rows.map((r) => [r.id, fromRow(r)]));
  const cats = classify(a, b, (id) => byId.get(id)?.firstSeen, from?.startedAt ?? null);
  const diff: FindingsDiff = { from, to, new: [], resolved: [], regressed: [], unchanged: [] };
  for (const [id, cat] of cats) {
    const f = byId.get(id);
    if (f) diff[cat].push(f);
  }
  return diff;
}
