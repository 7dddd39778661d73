import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Logger } from 'pino';
import type { AuditActor, AuditEvent } from '../../core/events.js';
import type { CollectorUnit } from '../../core/units/collector.js';
import { parseTrigger } from '../../providers/aws/event-sources.js';
import { homeRegion, parseArn, partitionOf } from '../../providers/aws/partition.js';
import type { Store } from '../../store/index.js';
import type { ClientFactory } from './client-factory.js';
import { type ItemResult, collectItem } from './collect.js';

/**
 * Event-driven discovery: audit-log events → which collectors must re-collect what, where.
 * `refreshPlan` is pure so the CloudTrail ingest (offline files) and `skywatch watch aws` (live
 * SQS) share one mapping: an event's (eventSource, eventName) is looked up in every collector's
 * `triggers` (see `parseTrigger`).
 */
export interface RefreshTarget {
  collector: string;
  account: string;
  region: string;
  partition: string;
  /** Ids or ARNs named by the events; empty when `full`. */
  ids: string[];
  /** Re-list the whole (account, region, collector): the events named nothing usable, or the collector cannot refresh by id. */
  full: boolean;
  /** The last event that asked for this refresh (the change history's actor and event). */
  actor?: string;
  eventId?: string;
}

const MAX_IDS = 100;

/**
 * Ids an event names: its `resources`, plus request/response fields whose names say they hold an
 * id, name or ARN (`instanceId`, `groupId`, `bucketName`, `roleName`, `functionName`, `dBInstanceIdentifier` …).
 * Generous on purpose: a collector's refresh filters by id, so a foreign id only costs an empty answer.
 */
export function idsOf(e: Pick<AuditEvent, 'resources' | 'requestParameters' | 'responseElements'>): string[] {
  const out = new Set<string>();
  for (const r of e.resources) if (r.id) out.add(r.id);
  const walk = (v: unknown, key: string, depth: number) => {
    if (out.size >= MAX_IDS || depth > 5) return;
    if (typeof v === 'string') {
      if (/(Id|Ids|Name|Arn|ARN|Identifier|Url)$/.test(key) && v.length > 0 && v.length < 300 && !/\s/.test(v)) out.add(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  walk(e.requestParameters, '', 0);
  walk(e.responseElements, '', 0);
  return [...out];
}

/**
 * Collectors by the events that trigger them: keyed `<eventSource> <eventName>`, so `CreatePolicy`
 * from Organizations does not re-list IAM policies; and by bare name, for events that carry no
 * source (a hand-built or foreign-format record), where every same-named trigger matches.
 */
export function triggerIndex(collectors: readonly CollectorUnit<any>[]): {
  bySourceAndName: Map<string, CollectorUnit<any>[]>;
  byName: Map<string, CollectorUnit<any>[]>;
} {
  const bySourceAndName = new Map<string, CollectorUnit<any>[]>();
  const byName = new Map<string, CollectorUnit<any>[]>();
  const add = (m: Map<string, CollectorUnit<any>[]>, k: string, c: CollectorUnit<any>) => {
    const list = m.get(k) ?? m.set(k, []).get(k);
    if (list && !list.includes(c)) list.push(c);
  };
  for (const c of collectors) {
    for (const t of c.triggers ?? []) {
      const { source, name } = parseTrigger(t, c.service);
      add(bySourceAndName, `${source} ${name}`, c);
      add(byName, name, c);
    }
  }
  return { bySourceAndName, byName };
}

export function refreshPlan(events: readonly AuditEvent[], collectors: readonly CollectorUnit<any>[]): RefreshTarget[] {
  const index = triggerIndex(collectors);
  const plan = new Map<string, RefreshTarget>();
  for (const e of events) {
    // Reads change nothing; a failed write changed nothing either.
    if (e.readOnly || e.errorCode) continue;
    const hit = e.eventSource ? index.bySourceAndName.get(`${e.eventSource} ${e.action}`) : index.byName.get(e.action);
    if (!hit) continue;
    const partition = partitionOf(e.region || 'us-east-1');
    const ids = idsOf(e);
    for (const c of hit) {
      const region = c.scope === 'global' ? homeRegion(partition) : e.region;
      const key = `${c.id}|${e.account}|${region}`;
      let t = plan.get(key);
      if (!t) {
        t = { collector: c.id, account: e.account, region, partition, ids: [], full: false };
        plan.set(key, t);
      }
      if (!c.refresh || ids.length === 0) t.full = true;
      else for (const id of ids) if (!t.ids.includes(id)) t.ids.push(id);
      t.actor = e.actor.arn ?? e.actor.identity;
      t.eventId = e.id;
    }
  }
  for (const t of plan.values()) {
    if (t.full || t.ids.length > MAX_IDS) {
      t.full = true;
      t.ids = [];
    }
  }
  return [...plan.values()];
}

// ------------------------------------------------------------------ envelopes

type Obj = Record<string, unknown>;

/**
 * A CloudTrail record → the fields of `AuditEvent` event-driven discovery needs. Deliberately
 * minimal: the full normaliser (actor typing, client detection, resource ARNs) is the CloudTrail
 * log source's job (`src/providers/aws/logs/cloudtrail.source.ts`).
 */
export function auditEventFromCloudTrail(r: Obj): AuditEvent {
  const ui = (r.userIdentity ?? {}) as Obj;
  const issuer = ((ui.sessionContext as Obj | undefined)?.sessionIssuer ?? {}) as Obj;
  const arn = typeof ui.arn === 'string' ? ui.arn : undefined;
  const actor: AuditActor = {
    type: 'unknown',
    ...(arn && { arn }),
    ...(typeof ui.accountId === 'string' && { account: ui.accountId }),
    identity: (issuer.arn as string | undefined) ?? arn ?? String(ui.invokedBy ?? ui.principalId ?? 'unknown'),
    name: String(ui.userName ?? arn?.split('/').pop() ?? ui.invokedBy ?? 'unknown'),
    client: 'other',
  };
  const source = String(r.eventSource ?? '');
  const resources = Array.isArray(r.resources)
    ? (r.resources as Obj[]).map((x) => ({ id: String(x.ARN ?? x.arn ?? ''), ...(x.type ? { type: String(x.type) } : {}) })).filter((x) => x.id)
    : [];
  return {
    id: String(r.eventID ?? ''),
    time: Date.parse(String(r.eventTime ?? '')) || 0,
    provider: 'aws',
    account: String(r.recipientAccountId ?? ui.accountId ?? ''),
    region: String(r.awsRegion ?? ''),
    service: source.replace(/\.amazonaws\.com$/, ''),
    action: String(r.eventName ?? ''),
    eventSource: source,
    ...(r.eventType ? { eventType: String(r.eventType) } : {}),
    readOnly: r.readOnly === true || r.readOnly === 'true',
    ...(r.errorCode ? { errorCode: String(r.errorCode) } : {}),
    actor,
    requestParameters: (r.requestParameters as Obj | null) ?? null,
    responseElements: (r.responseElements as Obj | null) ?? null,
    resources,
    raw: r,
  };
}

export interface S3ObjectRef {
  bucket: string;
  key: string;
}

/**
 * One SQS message body → CloudTrail records it carries directly (EventBridge "AWS API Call via
 * CloudTrail" envelopes, possibly wrapped in SNS) and S3 objects it points at (CloudTrail log file
 * notifications) for the caller to fetch.
 */
export function unwrapMessage(body: string): { records: Obj[]; objects: S3ObjectRef[] } {
  let msg: Obj;
  try {
    msg = JSON.parse(body) as Obj;
  } catch {
    return { records: [], objects: [] };
  }
  if (msg.Type === 'Notification' && typeof msg.Message === 'string') return unwrapMessage(msg.Message);
  if (typeof msg['detail-type'] === 'string' && msg.detail && typeof msg.detail === 'object') {
    const d = msg.detail as Obj;
    return { records: [{ recipientAccountId: msg.account, awsRegion: msg.region, ...d }], objects: [] };
  }
  if (Array.isArray(msg.Records)) {
    const records: Obj[] = [];
    const objects: S3ObjectRef[] = [];
    for (const r of msg.Records as Obj[]) {
      const s3 = r.s3 as { bucket?: { name?: string }; object?: { key?: string } } | undefined;
      if (s3?.bucket?.name && s3.object?.key) objects.push({ bucket: s3.bucket.name, key: decodeURIComponent(s3.object.key.replace(/\+/g, ' ')) });
      else if (r.eventName && r.eventSource) records.push(r);
    }
    return { records, objects };
  }
  // CloudTrail's own SNS notification: { s3Bucket, s3ObjectKey: [...] }.
  if (typeof msg.s3Bucket === 'string' && Array.isArray(msg.s3ObjectKey))
    return { records: [], objects: (msg.s3ObjectKey as string[]).map((key) => ({ bucket: msg.s3Bucket as string, key })) };
  return { records: [], objects: [] };
}

// ------------------------------------------------------------------ execution

export interface RefreshEnv {
  store: Store;
  factory: ClientFactory;
  collectors: readonly CollectorUnit<any>[];
  credentialsFor?: (account: string) => AwsCredentialIdentityProvider | undefined;
  wanted?: ReadonlySet<string>;
  log?: Logger;
  now?: () => Date;
  /** Refresh runs are recorded as scans of their own, so their gaps show in `skywatch coverage`. */
  scanId?: string;
}

/** Runs a refresh plan: targeted re-collection, upserts attributed to the event's actor, deletes. */
export async function runRefresh(plan: readonly RefreshTarget[], env: RefreshEnv): Promise<ItemResult[]> {
  const byId = new Map(env.collectors.map((c) => [c.id, c]));
  const scanId = env.scanId ?? (await env.store.scans.start('aws', { refresh: true, targets: plan.length }));
  const out: ItemResult[] = [];
  for (const t of plan) {
    const c = byId.get(t.collector);
    if (!c) continue;
    const creds = env.credentialsFor?.(t.account);
    const r = await collectItem(
      { account: t.account, region: t.region, partition: t.partition || parseArn(t.actor ?? '')?.partition || 'aws', collector: c.id },
      c,
      {
        store: env.store,
        factory: env.factory,
        scanId,
        wanted: env.wanted ?? new Set(['*']),
        now: env.now ?? (() => new Date()),
        ...(creds && { credentials: creds }),
        ...(t.full ? {} : { refreshIds: t.ids }),
        ...(t.actor && { actor: t.actor }),
        ...(t.eventId && { eventId: t.eventId }),
      },
    );
    if (r.gaps.length) await env.store.scans.addGaps(r.gaps.map((g) => ({ scanId, ...g })));
    env.log?.info({ collector: c.id, account: t.account, region: t.region, ids: t.ids.length, full: t.full, changes: r.changes }, 'refreshed');
    out.push(r);
  }
  if (!env.scanId) {
    const gaps = out.reduce((n, r) => n + r.gaps.length, 0);
    await env.store.scans.finish(scanId, gaps ? 'partial' : 'completed', { refresh: true, targets: plan.length, gaps });
  }
  return out;
}
