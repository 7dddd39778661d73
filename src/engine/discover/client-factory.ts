import { AsyncLocalStorage } from 'node:async_hooks';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { classifyAwsError } from '../../providers/aws/errors.js';
import type { ClientMaker } from '../../providers/aws/provider.js';
import { type Clock, RateBudget, type RateBudgetOptions, type SharedBudgets, realClock } from './rate-budget.js';
import { type CallKey, Recorder, Replayer } from './recording.js';

/**
 * Builds every AWS SDK client discovery uses. Each client's `send` is wrapped (not the middleware
 * stack) so the same behaviour holds for real clients, for `aws-sdk-client-mock` stubs and for
 * replays: take a token from the account × service budget, call, retry with jittered backoff,
 * adapt the budget on throttling, count the call, record or replay it.
 *
 * SDK-level retries are set to one attempt because ours replace them: two retry layers multiply
 * (5 × 5 attempts in a throttling storm), and only ours see every attempt to charge the budget.
 *
 * The endpoint is left to the SDK unless one is configured explicitly, so `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_<SERVICE>` keep working for any AWS-compatible endpoint.
 */
export interface ClientFactoryOptions {
  rate?: RateBudgetOptions & { perService?: Record<string, RateBudgetOptions> };
  /** Budgets shared with other processes (the store's `rateBudgets`): the workers of `scan aws --queue`. */
  sharedBudget?: SharedBudgets;
  /** Attempts per call including the first. Default 5. */
  maxAttempts?: number;
  /** Backoff base and cap in ms. Defaults 200 and 20 000. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** An explicit endpoint for every client (config `aws.endpoint`); normally unset. */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
  record?: string;
  replay?: string;
  clock?: Clock;
  random?: () => number;
  /** Extra client config (tests: fake credentials). */
  clientConfig?: Record<string, unknown>;
  /**
   * Answers calls instead of the network (the demo generator's and the benchmark's simulated AWS).
   * Gets the call and its input; resolves the output or throws an SDK-shaped error.
   */
  transport?: (call: CallKey, input: unknown) => Promise<unknown>;
}

export interface CallStats {
  calls: number;
  retries: number;
  throttled: number;
  failed: number;
  byService: Record<string, number>;
}

export function emptyStats(): CallStats {
  return { calls: 0, retries: 0, throttled: 0, failed: 0, byService: {} };
}

/**
 * Extra counters for the calls made inside `callScope.run(stats, fn)`: a worker runs many work
 * items at once on one factory, and each finished item reports its own API calls to the scan.
 */
export const callScope = new AsyncLocalStorage<CallStats>();

/** `EC2Client` → `ec2`, `ElasticLoadBalancingV2Client` → `elasticloadbalancingv2`. */
export function serviceKey(ctor: { name: string }): string {
  return ctor.name.replace(/Client$/, '').toLowerCase() || 'unknown';
}

export function commandName(command: unknown): string {
  const n = (command as { constructor?: { name?: string } })?.constructor?.name ?? 'Unknown';
  return n.replace(/Command$/, '');
}

/** Errors worth another attempt: throttling, server faults, network trouble. Never access or input errors. */
export function isRetryable(err: unknown): boolean {
  const kind = classifyAwsError(err);
  if (kind === 'throttled') return true;
  if (kind !== 'error') return false;
  const e = err as { $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string; name?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (e?.$fault === 'server') return true;
  const net = e?.code ?? e?.name ?? '';
  return ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError'].includes(net);
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)]. */
export function backoffMs(attempt: number, base: number, cap: number, random: () => number): number {
  return Math.round(random() * Math.min(cap, base * 2 ** attempt));
}

/** Where the failing call happened; attached to the thrown error so a gap names its operation. */
export interface CallSite {
  service: string;
  operation: string;
}
const SITE = Symbol.for('skywatch.callSite');
export function callSiteOf(err: unknown): CallSite | undefined {
  return err && typeof err === 'object' ? ((err as Record<symbol, CallSite>)[SITE] ?? undefined) : undefined;
}
function markSite(err: unknown, site: CallSite): void {
  if (err && typeof err === 'object' && !(SITE in err)) {
    try {
      Object.defineProperty(err, SITE, { value: site, enumerable: false });
    } catch {
      // frozen error objects keep no site; the gap then names the collector's service only
    }
  }
}

export class ClientFactory {
  readonly budget: RateBudget;
  readonly stats: CallStats = { calls: 0, retries: 0, throttled: 0, failed: 0, byService: {} };
  readonly recorder: Recorder | undefined;
  readonly replayer: Replayer | undefined;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly cache = new Map<string, unknown>();

  constructor(readonly opts: ClientFactoryOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    // A replay makes no network calls: no budget worth waiting for.
    this.budget = opts.replay ? new RateBudget({ perSecond: 1e9, burst: 1e9 }, this.clock) : new RateBudget(opts.rate ?? {}, this.clock, opts.sharedBudget);
    if (opts.record) this.recorder = new Recorder(opts.record);
    if (opts.replay) this.replayer = new Replayer(opts.replay);
  }

  private endpointConfigured(): boolean {
    const env = this.opts.env ?? process.env;
    return Boolean(this.opts.endpoint || env.AWS_ENDPOINT_URL || Object.keys(env).some((k) => k.startsWith('AWS_ENDPOINT_URL_')));
  }

  /** A `ClientMaker` for the provider and a `CollectContext.client` for collectors. */
  readonly make: ClientMaker = <T>(
    ctor: new (config: never) => T,
    where: { account: string; region: string; credentials?: AwsCredentialIdentityProvider },
  ): T => {
    const service = serviceKey(ctor);
    const key = `${where.account}\u0000${where.region}\u0000${ctor.name}`;
    const hit = this.cache.get(key);
    if (hit) return hit as T;
    const config: Record<string, unknown> = {
      region: where.region,
      maxAttempts: 1,
      ...(where.credentials && { credentials: where.credentials }),
      ...(this.opts.endpoint && { endpoint: this.opts.endpoint }),
      // Most S3-compatible endpoints (LocalStack, MinIO, moto) serve path-style addressing only.
      ...(service.startsWith('s3') && this.endpointConfigured() && { forcePathStyle: true }),
      ...(this.replayer && { credentials: { accessKeyId: 'replay', secretAccessKey: 'replay' } }),
      ...this.opts.clientConfig,
    };
    const client = new ctor(config as never);
    this.wrap(client as unknown as { send: (...a: unknown[]) => Promise<unknown> }, { account: where.account, region: where.region, service });
    this.cache.set(key, client);
    return client;
  };

  private wrap(client: { send: (...a: unknown[]) => Promise<unknown> }, where: Omit<CallKey, 'command'>): void {
    const transport = this.opts.transport;
    const original = transport
      ? (command: unknown) => transport({ ...where, command: commandName(command) }, (command as { input?: unknown })?.input)
      : client.send.bind(client);
    const bucket = this.budget.bucket(where.account, where.service);
    const maxAttempts = Math.max(1, this.opts.maxAttempts ?? 5);
    const base = this.opts.backoffBaseMs ?? 200;
    const cap = this.opts.backoffCapMs ?? 20_000;
    const send = async (command: unknown, ...rest: unknown[]): Promise<unknown> => {
      const k: CallKey = { ...where, command: commandName(command) };
      const input = (command as { input?: unknown })?.input;
      const scoped = callScope.getStore();
      for (const st of scoped ? [this.stats, scoped] : [this.stats]) {
        st.calls++;
        st.byService[where.service] = (st.byService[where.service] ?? 0) + 1;
      }
      if (this.replayer) {
        try {
          return this.replayer.answer(k, input);
        } catch (err) {
          this.stats.failed++;
          if (scoped) scoped.failed++;
          markSite(err, { service: where.service, operation: k.command });
          throw err;
        }
      }
      for (let attempt = 0; ; attempt++) {
        await bucket.take();
        try {
          const out = await original(command, ...rest);
          bucket.onSuccess();
          this.recorder?.add(k, input, { output: out });
          return out;
        } catch (err) {
          const throttled = classifyAwsError(err) === 'throttled';
          if (throttled) {
            this.stats.throttled++;
            if (scoped) scoped.throttled++;
            bucket.onThrottle();
          }
          if (attempt + 1 < maxAttempts && isRetryable(err)) {
            this.stats.retries++;
            if (scoped) scoped.retries++;
            await this.clock.sleep(backoffMs(attempt, base, cap, this.random));
            continue;
          }
          this.stats.failed++;
          if (scoped) scoped.failed++;
          this.recorder?.add(k, input, { error: err });
          markSite(err, { service: where.service, operation: k.command });
          throw err;
        }
      }
    };
    Object.defineProperty(client, 'send', { value: send, configurable: true, writable: true });
  }

  /** Writes the recording (when recording); returns the number of files written. */
  flush(): number {
    return this.recorder?.flush() ?? 0;
  }
}
