import type { Alert, Store } from '../../store/index.js';

/**
 * Live updates from the store. Scans, check runs and alert raising happen in whichever process
 * runs them — the CLI, a `skywatch worker`, the server's own pipeline — and all of them write to
 * the store, so the server learns of them by watching it: discovery progress (work items done, from
 * the scan checkpoint), check-stage starts and ends, finished scans and newly opened alerts.
 * Each tick reads only what is new (running scans, the latest check runs, alerts after a keyset
 * watermark), so it stays cheap on a large inventory.
 */
export type LiveEventType = 'scan.progress' | 'scan.finished' | 'alert.new';
export interface LiveUpdate {
  type: LiveEventType;
  data: Record<string, unknown>;
}

/** Alert ids start with their creation time (see newId), so `id > alr_<time>` is "created since". */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function idFloor(prefix: string, at: number): string {
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}_${time}`;
}

function accountsOf(a: Alert): string[] {
  const d = a.data as { accounts?: unknown; resources?: { account?: string }[] };
  if (Array.isArray(d.accounts)) return d.accounts.filter((x): x is string => typeof x === 'string');
  return [...new Set((d.resources ?? []).map((r) => r.account).filter((x): x is string => typeof x === 'string'))];
}

export class StoreWatcher {
  private alertMark: string;
  private readonly scans = new Map<string, { done: number; status: string }>();
  private readonly checkRuns = new Map<string, boolean>();
  private primed = false;

  constructor(
    private readonly store: Store,
    private readonly publish: (u: LiveUpdate) => void,
    now = Date.now(),
  ) {
    this.alertMark = idFloor('alr', now);
  }

  /** One look at the store; publishes what changed since the previous look. */
  async tick(): Promise<number> {
    let n = 0;
    const emit = (u: LiveUpdate) => {
      n++;
      this.publish(u);
    };
    for (const s of await this.store.scans.list(20)) {
      const done = Array.isArray(s.checkpoint?.done) ? s.checkpoint.done.length : 0;
      // The planned item count, so a progress bar has an end (absent on scans from older versions).
      const total = typeof s.checkpoint?.total === 'number' ? s.checkpoint.total : null;
      const seen = this.scans.get(s.id);
      this.scans.set(s.id, { done, status: s.status });
      // The first look only learns what already finished; a scan still running is reported.
      if (!seen && !this.primed && s.status !== 'running') continue;
      if (s.status === 'running' && (!seen || seen.done !== done))
        emit({ type: 'scan.progress', data: { scanId: s.id, provider: s.provider, stage: 'discovery', done, total, startedAt: s.startedAt } });
      if (s.status !== 'running' && seen?.status !== s.status)
        emit({ type: 'scan.finished', data: { scanId: s.id, provider: s.provider, status: s.status, stats: s.stats, finishedAt: s.finishedAt } });
    }
    for (const r of await this.store.checkRuns.list({ limit: 10 })) {
      const finished = r.finishedAt !== null;
      const seen = this.checkRuns.get(r.id);
      this.checkRuns.set(r.id, finished);
      if (seen === undefined && !this.primed && finished) continue;
      if (seen === finished) continue;
      emit({
        type: 'scan.progress',
        data: { stage: 'checks', runId: r.id, kind: r.kind, state: finished ? 'finished' : 'running', startedAt: r.startedAt, stats: r.stats },
      });
    }
    let after: string | undefined = this.alertMark;
    do {
      const page = await this.store.alerts.list({}, { after, limit: 200 });
      for (const a of page.items) {
        const accounts = accountsOf(a);
        emit({
          type: 'alert.new',
          // `account` lets the SSE route keep scoped users to their accounts; several accounts → only unscoped users see it.
          data: {
            id: a.id,
            title: a.title,
            severity: a.severity,
            riskScore: a.riskScore,
            status: a.status,
            accounts,
            ...(accounts.length === 1 && { account: accounts[0] }),
          },
        });
        this.alertMark = a.id;
      }
      after = page.next;
    } while (after);
    this.primed = true;
    return n;
  }
}

/** Runs a watcher every `intervalMs` (one tick at a time); returns the stop function. */
export function watchStore(store: Store, publish: (u: LiveUpdate) => void, intervalMs: number, onError: (e: unknown) => void): () => void {
  const w = new StoreWatcher(store, publish);
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    w.tick()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
