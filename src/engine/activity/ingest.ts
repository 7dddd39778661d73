import type { AuditChange } from '../../store/repos/resources.repo.js';
import { resolve } from 'node:path';
// Types only: the SDK clients are imported when an S3 or SQS target is read (local ingests skip them).
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import { errorMessage } from '../../core/errors.js';
import type { AuditEvent } from '../../core/events.js';
import type { Severity } from '../../core/severity.js';
import type { DetectorUnit } from '../../core/units/detector.js';
import { normaliseCloudTrail } from '../../providers/aws/logs/aws-cloudtrail.source.js';
import type { Store } from '../../store/index.js';
import { Baselines, DEFAULT_SENSITIVE_ACTIONS, type IdentityProfile } from './baselines.js';
import { type ActivityDeps, ActivityEngine, type EngineSnapshot, bindDetectors } from './engine.js';
import { PendingFindings } from './pending.js';
import { type LogObject, readObjectBatches } from './reader.js';
import { SigmaRunner } from './sigma/engine.js';
import type { SigmaSet } from './sigma/load.js';
import { type IngestTarget, keyDayEnd, listLocal, listS3, receiveQueue } from './sources.js';

export interface BadRecord {
  location: string;
  reason: string;
}

export interface IngestSummary {
  target: string;
  objects: number;
  /** Objects skipped because the checkpoint says they were done. */
  resumedPast: number;
  records: number;
  events: number;
  /** Events older than --since. */
  skippedOld: number;
  badRecords: number;
  /** The first bad records with their locations (all are counted). */
  bad: BadRecord[];
  findings: { created: number; updated: number; bySeverity: Record<Severity, number>; byRule: Record<string, number> };
  sigma?: { rules: number; correlations: number; unsupported: { file: string; reason: string }[] };
  identities: number;
  durationMs: number;
}

export interface IngestOptions {
  target: IngestTarget;
  store?: Store;
  deps: ActivityDeps;
  /** The registry's detectors (all sources; only aws-cloudtrail ones run). */
  detectors: readonly DetectorUnit<any>[];
  sigma?: SigmaSet;
  since?: number;
  baselines?: { enabled: boolean; learningMs: number; threshold: number; sensitiveActions?: readonly string[] };
  s3?: S3Client;
  sqs?: SQSClient;
  log?: Logger;
  /** Records between checkpoints (findings, baselines and the resume point are written together). */
  checkpointEvery?: number;
  /** For tests of resume: stop (as if killed) after this many records. */
  stopAfterRecords?: number;
  maxBadListed?: number;
  /** Called after each flush with the running summary (benchmarks sample memory against progress). */
  onFlush?: (sum: Readonly<IngestSummary>) => void;
}

interface Checkpoint {
  /** Every object whose name sorts at or before this is done. */
  after?: string;
  /** The object in progress and how many of its records were processed. */
  current?: { name: string; records: number };
  /**
   * The detectors' and Sigma correlations' open windows as of this point (bounded: capped keys,
   * slim evidence, expired windows swept), so a resumed run — or the next run over newly
   * delivered files — continues a burst that straddles the checkpoint.
   */
  state?: EngineSnapshot;
}

export function checkpointKey(t: IngestTarget): string {
  if (t.kind === 'local') return `activity:cloudtrail:file:${resolve(t.path)}`;
  if (t.kind === 's3') return `activity:cloudtrail:s3://${t.bucket}/${t.prefix}`;
  return `activity:cloudtrail:sqs:${t.queueUrl}`;
}

export function targetName(t: IngestTarget): string {
  return t.kind === 'local' ? t.path : t.kind === 's3' ? `s3://${t.bucket}/${t.prefix}` : t.queueUrl;
}

const SEVERITY_ZERO = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

class Stopped extends Error {}

/**
 * Reads CloudTrail from a target, runs every detector, Sigma rule and baseline over each event,
 * and records findings. Resumable: the checkpoint (in `store.checkpoints`) names the last finished
 * object and the record count inside the current one, written after the findings and baselines
 * of those records, so a killed ingest restarts where it stopped; findings dedup by key, so a
 * re-read never duplicates them.
 */
/** Resources whose last write is remembered between flushes; beyond it, attribution waits for the next flush. */
const MAX_TOUCHED = 50_000;

/**
 * A resource's latest successful write since the last flush: numbers and the event's own strings,
 * one entry per resource updated in place, so a write costs no date string or record; the
 * `AuditChange` is built at the flush.
 */
interface Touch {
  at: number;
  actor: string;
  eventId: string;
  service: string;
  action: string;
}

function touch(t: Touch, e: AuditEvent): Touch {
  t.at = e.time;
  t.actor = e.actor.arn ?? e.actor.identity;
  t.eventId = e.id;
  t.service = e.service;
  t.action = e.action;
  return t;
}

function auditChange(resourceId: string, t: Touch): AuditChange {
  return {
    resourceId,
    at: new Date(t.at).toISOString(),
    actor: t.actor,
    eventId: t.eventId,
    action: `${t.service}:${t.action}`,
    kind: /^(Create|Run|Allocate|Register|Import)/.test(t.action) ? 'create' : 'modify',
  };
}

export async function ingestCloudTrail(o: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const store = o.store;
  const sum: IngestSummary = {
    target: targetName(o.target),
    objects: 0,
    resumedPast: 0,
    records: 0,
    events: 0,
    skippedOld: 0,
    badRecords: 0,
    bad: [],
    findings: { created: 0, updated: 0, bySeverity: SEVERITY_ZERO(), byRule: {} },
    identities: 0,
    durationMs: 0,
  };
  const runner = o.sigma ? new SigmaRunner(o.sigma) : undefined;
  if (o.sigma)
    sum.sigma = {
      rules: o.sigma.rules.length,
      correlations: o.sigma.correlations.length,
      unsupported: o.sigma.unsupported.map((u) => ({ file: u.file, reason: u.reason })),
    };
  const bl = o.baselines ?? { enabled: true, learningMs: 7 * 86_400_000, threshold: 50 };
  const baselines = bl.enabled
    ? new Baselines(
        {
          geo: o.deps.geo,
          learningMs: bl.learningMs,
          threshold: bl.threshold,
          sensitiveActions: bl.sensitiveActions ? new Set(bl.sensitiveActions) : DEFAULT_SENSITIVE_ACTIONS,
        },
        store && {
          load: (id) => store.identities.get<IdentityProfile>(id),
          save: (ps) => store.identities.save(ps),
        },
      )
    : undefined;
  // Without a store there is nothing to load: new identities start a profile in push().
  const loadsBaselines = !!(baselines && store);
  const engine = new ActivityEngine(bindDetectors(o.detectors, o.deps), runner, baselines);
  const key = checkpointKey(o.target);
  const cp: Checkpoint = o.target.kind === 'sqs' ? {} : ((await store?.checkpoints.get<Checkpoint>(key)) ?? {});
  if (cp.state) engine.restore(cp.state);
  const pending = new PendingFindings((id) => engine.attackOf(id));
  // Without a store: the dedup keys already counted, as numbers (a 52-bit prefix of the hex key),
  // so counting "created vs updated" costs a few bytes per finding rather than a string each.
  const seenKeys = new Set<number>();
  const every = o.checkpointEvery ?? 5000;
  const maxBad = o.maxBadListed ?? 50;
  let sinceCheckpoint = 0;

  // Who changed what: the latest successful write per touched resource, recorded against the
  // inventory at each flush so owner attribution knows the creator and last modifier. Without a
  // store there is no inventory to record against, so nothing is kept.
  const touched = new Map<string, Touch>();
  const flush = async (next: Checkpoint | undefined) => {
    if (store && touched.size) await store.resources.recordAuditChanges(Array.from(touched, ([id, t]) => auditChange(id, t)));
    touched.clear();
    const count = (f: { severity: Severity; ruleId: string }) => {
      sum.findings.created++;
      sum.findings.bySeverity[f.severity]++;
      sum.findings.byRule[f.ruleId] = (sum.findings.byRule[f.ruleId] ?? 0) + 1;
    };
    const found = pending.drain();
    if (found.length && store) {
      const r = await store.findings.upsert(found);
      for (const f of r.created) count(f);
      sum.findings.updated += r.updated + r.reopened.length;
    } else
      for (const f of found) {
        // Without a store, remember keys so a finding updated in a later flush counts once.
        const k = Number.parseInt((f.dedupKey as string).slice(0, 13), 16);
        if (seenKeys.has(k)) sum.findings.updated++;
        else {
          seenKeys.add(k);
          count(f);
        }
      }
    await baselines?.persist();
    if (store && next && o.target.kind !== 'sqs') await store.checkpoints.set(key, { ...next, state: engine.snapshot() });
    sinceCheckpoint = 0;
    o.onFlush?.(sum);
  };

  const bad = (location: string, reason: string) => {
    sum.badRecords++;
    if (sum.bad.length < maxBad) sum.bad.push({ location, reason });
    o.log?.debug({ location, reason }, 'bad record skipped');
  };

  /** Synchronous per event; the caller awaits a baseline load first only for a new identity. */
  const handle = (e: AuditEvent) => {
    if (o.since !== undefined && e.time < o.since) {
      sum.skippedOld++;
      return;
    }
    sum.events++;
    if (store && !e.readOnly && !e.errorCode && e.resources.length && touched.size < MAX_TOUCHED) {
      for (const r of e.resources) {
        const prev = touched.get(r.id);
        if (!prev) touched.set(r.id, touch({} as Touch, e));
        else if (prev.at <= e.time) touch(prev, e);
      }
    }
    for (const h of engine.push(e)) pending.add(h);
  };

  /**
   * One object, a batch (one decompressed chunk's records) at a time: the records of a batch run
   * through normalise and every detector synchronously; the only awaits are the stream's, a
   * baseline load for an identity not in memory (store-backed runs), and the checkpoint flushes.
   */
  const processObject = async (obj: LogObject, resumeAt: number) => {
    sum.objects++;
    let n = 0;
    for await (const batch of readObjectBatches(obj)) {
      for (const item of batch) {
        n = Math.max(n, item.index);
        if (item.index <= resumeAt) continue;
        sum.records++;
        if (!item.ok) bad(item.location, item.reason);
        else {
          // A JSON-lines file may carry whole delivery documents, one per line.
          const v = item.value as { Records?: unknown };
          const list = v && typeof v === 'object' && Array.isArray(v.Records) ? v.Records : undefined;
          const count = list ? list.length : 1;
          for (let i = 0; i < count; i++) {
            let e: AuditEvent;
            try {
              e = normaliseCloudTrail(list ? list[i] : item.value);
            } catch (err) {
              bad(count > 1 ? `${item.location}#${i + 1}` : item.location, errorMessage(err));
              continue;
            }
            if (loadsBaselines && !baselines.has(e.actor.identity)) await baselines.load(e.actor.identity);
            handle(e);
          }
        }
        if (++sinceCheckpoint >= every) await flush({ ...(cp.after && { after: cp.after }), current: { name: obj.name, records: item.index } });
        if (o.stopAfterRecords !== undefined && sum.records >= o.stopAfterRecords) throw new Stopped();
      }
    }
    return n;
  };

  try {
    if (o.target.kind === 'sqs') {
      const sqs = o.sqs ?? new (await import('@aws-sdk/client-sqs')).SQSClient({});
      const s3 = o.s3 ?? new (await import('@aws-sdk/client-s3')).S3Client({});
      for await (const batch of receiveQueue(sqs, s3, o.target.queueUrl)) {
        for (const obj of batch.objects) await processObject(obj, 0);
        await flush(undefined);
        await batch.ack();
      }
    } else {
      const objects: AsyncIterable<LogObject> | Iterable<LogObject> =
        o.target.kind === 'local'
          ? await listLocal(o.target.path)
          : listS3(
              o.s3 ?? new (await import('@aws-sdk/client-s3')).S3Client({}),
              o.target.bucket,
              o.target.prefix,
              cp.after?.replace(`s3://${o.target.bucket}/`, ''),
            );
      for await (const obj of objects) {
        if (cp.after !== undefined && obj.name <= cp.after) {
          sum.resumedPast++;
          continue;
        }
        if (o.since !== undefined) {
          const end = keyDayEnd(obj.name);
          if (end !== undefined && end < o.since) continue;
        }
        const resumeAt = cp.current?.name === obj.name ? cp.current.records : 0;
        await processObject(obj, resumeAt);
        cp.after = obj.name;
        delete cp.current;
        await flush({ after: obj.name });
      }
    }
    for (const h of engine.flush()) pending.add(h);
    await flush(undefined);
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
  }
  sum.identities = baselines?.size ?? 0;
  sum.durationMs = Date.now() - started;
  return sum;
}
