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

export class AdaptiveTokenBucket {
  private tokens: number;
  private last: number;
  rate: number;
  readonly maxRate: number;
  readonly burst: number;
  readonly minRate: number;
  private readonly recovery: number;
  /** Callers waiting for a token, served in arrival order so no one starves. */
  private tail: Promise<void> = Promise.resolve();
  throttles = 0;

  constructor(
    opts: RateBudgetOptions = {},
    private readonly clock: Clock = realClock,
  ) {
    this.maxRate = opts.perSecond ?? 10;
    this.rate = this.maxRate;
    this.burst = Math.max(1, opts.burst ?? this.maxRate);
    this.minRate = Math.min(this.maxRate, opts.minPerSecond ?? 0.5);
    this.recovery = opts.recovery ?? 0.02;
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
    const turn = this.tail.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.tail = turn.catch(() => {});
    return turn;
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

/** One bucket per key (`<account>/<service>`), created on first use with the shared options. */
export class RateBudget {
  private readonly buckets = new Map<string, AdaptiveTokenBucket>();
  constructor(
    readonly opts: RateBudgetOptions & { perService?: Record<string, RateBudgetOptions> } = {},
    private readonly clock: Clock = realClock,
  ) {}

  bucket(account: string, service: string): AdaptiveTokenBucket {
    const key = `${account}/${service}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new AdaptiveTokenBucket({ ...this.opts, ...this.opts.perService?.[service] }, this.clock);
      this.buckets.set(key, b);
    }
    return b;
  }

  stats(): { key: string; rate: number; throttles: number }[] {
    return [...this.buckets].map(([key, b]) => ({ key, rate: Math.round(b.rate * 100) / 100, throttles: b.throttles }));
  }
}
