import type { EdgeRecord, ResourceRecord } from '../resource.js';
import type { Provider } from '../status.js';

/** What a collector receives: a client factory bound to one account and region, and nothing global. */
export interface CollectContext {
  provider: Provider;
  account: string;
  region: string;
  partition: string;
  /** A client of the given SDK class, configured with credentials, endpoint, retries and the rate budget. */
  client<T>(ctor: new (config: never) => T): T;
  /** Hydrate fields some enabled check needs; fetchers for other fields are skipped. */
  wanted: ReadonlySet<string>;
  signal?: AbortSignal;
}

export interface Hydrator<Raw> {
  /** IAM actions this fetcher calls. */
  permissions: readonly string[];
  fetch(raw: Raw, ctx: CollectContext): Promise<unknown>;
  /**
   * A not-found answer means the resource itself is gone (deleted between the list and this call),
   * not "there is none of this field": the resource is dropped from the scan instead of being judged
   * on an empty field (DynamoDB's DescribeContinuousBackups answers TableNotFound for a deleted table).
   */
  goneWhenNotFound?: boolean;
}

export interface Collected {
  resource: ResourceRecord;
  edges?: EdgeRecord[];
}

export interface CollectorFixture<Raw> {
  name: string;
  raw: Raw;
  hydrated?: Record<string, unknown>;
  context?: Partial<Pick<CollectContext, 'account' | 'region' | 'partition'>>;
  /** Fields the produced resource must have (deep partial match). */
  expect: Partial<ResourceRecord> & { config?: Record<string, unknown> };
  expectEdges?: EdgeRecord[];
}

export interface CollectorSpec<Raw> {
  id: string;
  resourceType: string;
  provider: Provider;
  service: string;
  scope: 'regional' | 'global';
  title: string;
  /** IAM actions `list` calls; with the hydrators' these make the least-privilege policy. */
  permissions: readonly string[];
  /**
   * Audit-log events after which the touched resources are re-collected: a bare event name
   * (`RunInstances`) is an event of this collector's own service; `<eventSource>:<eventName>`
   * (`ec2.amazonaws.com:ModifyInstanceAttribute`) names another service's event. Matched on both
   * source and name, so same-named actions of different services do not collide.
   */
  triggers?: readonly string[];
  list(ctx: CollectContext): AsyncIterable<Raw>;
  /** Targeted re-collection of named resources (ids or names taken from an audit-log event). */
  refresh?(ids: readonly string[], ctx: CollectContext): AsyncIterable<Raw>;
  hydrate?: Readonly<Record<string, Hydrator<Raw>>>;
  /** Pure: the raw API item (plus hydrated fields) to a normalised resource and its edges. */
  toResource(raw: Raw, hydrated: Readonly<Record<string, unknown>>, ctx: Pick<CollectContext, 'account' | 'region' | 'partition'>): Collected;
  fixtures: readonly CollectorFixture<Raw>[];
}

export interface CollectorUnit<Raw = unknown> extends CollectorSpec<Raw> {
  readonly kind: 'collector';
}

export function defineCollector<Raw>(spec: CollectorSpec<Raw>): CollectorUnit<Raw> {
  return Object.freeze({ ...spec, kind: 'collector' as const });
}

/** Every IAM action a collector may call: `list`'s and all hydrators'. */
export function collectorPermissions(c: CollectorUnit<unknown>): string[] {
  const all = new Set(c.permissions);
  for (const h of Object.values(c.hydrate ?? {})) for (const p of h.permissions) all.add(p);
  return [...all].sort();
}
