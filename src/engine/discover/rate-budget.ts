/**
 * A shared rate budget per account × service: an adaptive token bucket. AWS throttles per account
 * and API, and the same limits serve the customer's production workloads, so a scan must stay well
 * under them: every attempt (first or retry) takes a token; a throttling answer halves the rate; a
 * run of successes wins it back slowly (additive increase, multiplicative decrease).
 */
export interface RateBudgetOptions {
  /** Steady calls per second per account × service. Default 10. */
  perSecond?: number;
  /** Calls that may go at once after a quiet spell. Default = perSecond. */
  burst?: number;
  /** The rate never falls below this. Default 0.5/s. */
  minPerSecond?: number;
  /** Fraction of the configured rate won back per successful call after throttling. Default 0.02. */
  recovery?: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** What the discovery client asks of a budget per call attempt. */
export interface TokenBucket {
  /** Resolves when a call may go. */
  take(): Promise<void>;
  onThrottle(): void;
  onSuccess(): void;
  /** The rate in force, calls per second (as last known, for a shared budget). */
  readonly rate: number;
  /** Throttling answers this process saw. */
  readonly throttles: number;
}

/** The bucket's settings once defaults are applied. */
export interface BucketParams {
  maxRate: number;
  burst: number;
  minRate: number;
  recovery: number;
}

export function bucketParams(opts: RateBudgetOptions): BucketParams {
  const maxRate = opts.perSecond ?? 10;
  return {
    maxRate,
    burst: Math.max(1, opts.burst ?? maxRate),
    minRate: Math.min(maxRate, opts.minPerSecond ?? 0.5),
    recovery: opts.recovery ?? 0.02,
  };
}

/** Runs each caller's turn after the earlier ones: callers waiting for a token are served in arrival order, so no one starves. */
class Turns {
  private tail: Promise<void> = Promise.resolve();
  run(turn: () => Promise<void>): Promise<void> {
    const p = this.tail.then(turn);
    this.tail = p.catch(() => {});
    return p;
  }
}

export class AdaptiveTokenBucket implements TokenBucket {
  private tokens: number;
  private last: number;
  rate: number;
  readonly maxRate: number;
  readonly burst: number;
  readonly minRate: number;
  private readonly recovery: number;
  private readonly turns = new Turns();
  throttles = 0;

  constructor(
    opts: RateBudgetOptions = {},
    private readonly clock: Clock = realClock,
  ) {
    const p = bucketParams(opts);
    this.maxRate = p.maxRate;
    this.rate = this.maxRate;
    this.burst = p.burst;
    this.minRate = p.minRate;
    this.recovery = p.recovery;
    this.tokens = this.burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Resolves when a call may go. */
  take(): Promise<void> {
    return this.turns.run(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    });
  }

  onThrottle(): void {
    this.throttles++;
    this.rate = Math.max(this.minRate, this.rate / 2);
    // Drop what is banked too: a burst right after a throttle would be throttled again.
    this.tokens = Math.min(this.tokens, 0);
  }

  onSuccess(): void {
    if (this.rate < this.maxRate) this.rate = Math.min(this.maxRate, this.rate + this.maxRate * this.recovery);
  }
}

/** A shared budget as stored (`rate_budgets`): tokens and rate as of `lastMs`. */
export interface SharedBudgetState {
  tokens: number;
  rate: number;
  lastMs: number;
  throttles: number;
}

/**
 * Where budgets shared by several processes live: each change is applied atomically to the stored
 * state by a pure step (the store's `rateBudgets` repository).
 */
export interface SharedBudgets {
  apply<T>(key: string, init: SharedBudgetState, step: (s: SharedBudgetState) => { state: SharedBudgetState; out: T }): Promise<T>;
}

/** What a worker reports and asks for at one lease. */
export interface LeaseAsk {
  /** Tokens wanted (at most this many are granted). */
  want: number;
  /** Successful calls since its last lease (each wins back a little rate). */
  successes: number;
  /** Throttling answers since its last lease (each halves the rate). */
  throttles: number;
  /** The worker's clock, ms. */
  now: number;
}

export interface Lease {
  granted: number;
  /** The shared rate after this lease. */
  rate: number;
  /** When nothing was granted: how long until one token is due. */
  waitMs: number;
}

/**
 * One lease against a shared bucket — the same arithmetic as `AdaptiveTokenBucket`, applied to the
 * stored state: refill at the rate in force for the time since the last change, then apply what the
 * worker reports (throttles halve the rate and drop what is banked; successes win rate back only
 * when no throttle came with them), then grant up to `want` whole tokens.
 */
export function leaseStep(s: SharedBudgetState, p: BucketParams, ask: LeaseAsk): { state: SharedBudgetState; out: Lease } {
  // Workers on other hosts have clocks a little apart: the bucket's time never runs backwards.
  const now = Math.max(s.lastMs, ask.now);
  const rateBefore = Math.min(p.maxRate, s.rate);
  let tokens = Math.min(p.burst, s.tokens + ((now - s.lastMs) / 1000) * rateBefore);
  let rate = rateBefore;
  if (ask.throttles > 0) {
    for (let i = 0; i < ask.throttles; i++) rate = Math.max(p.minRate, rate / 2);
    tokens = Math.min(tokens, 0);
  } else if (rate < p.maxRate) rate = Math.min(p.maxRate, rate + p.maxRate * p.recovery * ask.successes);
  const granted = tokens >= 1 ? Math.min(ask.want, Math.floor(tokens)) : 0;
  tokens -= granted;
  const waitMs = granted ? 0 : Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000));
  return { state: { tokens, rate, lastMs: now, throttles: s.throttles + ask.throttles }, out: { granted, rate, waitMs } };
}

/**
 * A bucket whose tokens and rate are shared by every worker of one store: AWS throttles per account
 * and API whichever process calls, so N workers must spend one budget, not N. Tokens are leased a
 * few at a time (a quarter of the burst) so a call rarely waits on the store; a lease also carries
 * the throttles and successes seen since the last one. Tokens a worker leased and has not spent are
 * its own until used, so the budget can be overspent by at most workers × lease size tokens.
 */
export class SharedTokenBucket implements TokenBucket {
  rate: number;
  throttles = 0;
  private readonly p: BucketParams;
  private readonly leaseSize: number;
  private leased = 0;
  private successes = 0;
  private unreported = 0;
  private readonly turns = new Turns();

  constructor(
    private readonly key: string,
    opts: RateBudgetOptions,
    private readonly shared: SharedBudgets,
    private readonly clock: Clock = realClock,
  ) {
    this.p = bucketParams(opts);
    this.rate = this.p.maxRate;
    this.leaseSize = Math.max(1, Math.floor(this.p.burst / 4));
  }

  take(): Promise<void> {
    return this.turns.run(async () => {
      while (this.leased < 1) {
        const now = this.clock.now();
        const ask: LeaseAsk = { want: this.leaseSize, successes: this.successes, throttles: this.unreported, now };
        this.successes = 0;
        this.unreported = 0;
        let lease: Lease;
        try {
          const init = { tokens: this.p.burst, rate: this.p.maxRate, lastMs: now, throttles: 0 };
          lease = await this.shared.apply(this.key, init, (s) => leaseStep(s, this.p, ask));
        } catch (err) {
          // Not reported: carried to the next lease.
          this.successes += ask.successes;
          this.unreported += ask.throttles;
          throw err;
        }
        this.rate = lease.rate;
        if (lease.granted) this.leased = lease.granted;
        else await this.clock.sleep(lease.waitMs);
      }
      this.leased -= 1;
    });
  }

  onThrottle(): void {
    this.throttles++;
    this.unreported++;
    // What this worker holds was granted before the throttle: give it up, as the local bucket does.
    this.leased = 0;
    this.rate = Math.max(this.p.minRate, this.rate / 2);
  }

  onSuccess(): void {
    this.successes++;
  }
}

/**
 * One bucket per key (`<account>/<service>`), created on first use with the shared options; with
 * `shared` (the workers of `scan aws --queue`), the buckets are leased from the store.
 */
export class RateBudget {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    readonly opts: RateBudgetOptions & { perService?: Record<string, RateBudgetOptions> } = {},
    private readonly clock: Clock = realClock,
    private readonly shared?: SharedBudgets,
  ) {}

  bucket(account: string, service: string): TokenBucket {
    const key = `${account}/${service}`;
    let b = this.buckets.get(key);
    if (!b) {
      const opts = { ...this.opts, ...this.opts.perService?.[service] };
      b = this.shared ? new SharedTokenBucket(`discovery/${key}`, opts, this.shared, this.clock) : new AdaptiveTokenBucket(opts, this.clock);
      this.buckets.set(key, b);
    }
    return b;
  }

  stats(): { key: string; rate: number; throttles: number }[] {
    return [...this.buckets].map(([key, b]) => ({ key, rate: Math.round(b.rate * 100) / 100, throttles: b.throttles }));
  }
}
