import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type ReceiveMessageCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Logger } from 'pino';
import type { CollectorUnit } from '../../core/units/collector.js';
import { describeAwsError } from '../../providers/aws/errors.js';
import type { Store } from '../../store/index.js';
import type { ClientFactory } from './client-factory.js';
import { type RefreshTarget, auditEventFromCloudTrail, refreshPlan, runRefresh, unwrapMessage } from './refresh.js';

/**
 * `skywatch watch aws`: long-polls an SQS queue fed by EventBridge (CloudTrail API calls) or S3
 * notifications (CloudTrail log files), maps each event through the collectors' `triggers` and
 * re-collects just the touched resources. Messages are deleted only after their refresh ran, so a
 * crash redelivers them (SQS visibility timeout) instead of losing changes.
 */
export interface WatchOptions {
  store: Store;
  factory: ClientFactory;
  collectors: readonly CollectorUnit<any>[];
  queueUrl: string;
  /** The account that owns the queue (for the client factory's budget and recording). */
  account?: string;
  region?: string;
  credentials?: AwsCredentialIdentityProvider;
  credentialsFor?: (account: string) => AwsCredentialIdentityProvider | undefined;
  log?: Logger;
  signal?: AbortSignal;
  /** Stop after the queue returns no messages once (tests, cron-style runs). */
  once?: boolean;
  waitSeconds?: number;
  onBatch?(b: { messages: number; events: number; plan: RefreshTarget[] }): void;
}

/** The region of an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/…`). */
export function queueRegion(url: string): string | undefined {
  return /sqs[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1] ?? /\/\/([a-z]{2}-[a-z]+-\d)\.queue\./.exec(url)?.[1];
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<Record<string, unknown>[]> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = r.Body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  const bytes = body?.transformToByteArray ? await body.transformToByteArray() : new Uint8Array();
  const text = (key.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b) ? gunzipSync(bytes) : Buffer.from(bytes)).toString('utf8');
  const j = JSON.parse(text) as { Records?: Record<string, unknown>[] };
  return j.Records ?? [];
}

export async function watchQueue(o: WatchOptions): Promise<{ messages: number; events: number; refreshed: number }> {
  const region = o.region ?? queueRegion(o.queueUrl) ?? 'us-east-1';
  const account = o.account ?? /amazonaws\.com\/(\d{12})\//.exec(o.queueUrl)?.[1] ?? '_';
  const where = { account, region, ...(o.credentials && { credentials: o.credentials }) };
  const sqs = o.factory.make(SQSClient, where);
  const s3 = o.factory.make(S3Client, where);
  const totals = { messages: 0, events: 0, refreshed: 0 };
  while (!o.signal?.aborted) {
    let res: ReceiveMessageCommandOutput;
    try {
      res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: o.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: o.waitSeconds ?? 20 }));
    } catch (err) {
      o.log?.error({ err: describeAwsError(err) }, 'cannot read the queue');
      if (o.once) throw err;
      await new Promise((r) => setTimeout(r, 5000));
      continue;
    }
    const messages = res.Messages ?? [];
    if (messages.length === 0) {
      if (o.once) break;
      continue;
    }
    const records: Record<string, unknown>[] = [];
    for (const m of messages) {
      const u = unwrapMessage(m.Body ?? '');
      records.push(...u.records);
      for (const obj of u.objects) {
        try {
          records.push(...(await readObject(s3, obj.bucket, obj.key)));
        } catch (err) {
          // An unreadable log file is reported, not fatal; the periodic full scan reconciles.
          o.log?.warn({ bucket: obj.bucket, key: obj.key, err: describeAwsError(err) }, 'cannot read CloudTrail file');
        }
      }
    }
    const events = records.map(auditEventFromCloudTrail);
    const plan = refreshPlan(events, o.collectors);
    o.onBatch?.({ messages: messages.length, events: events.length, plan });
    if (plan.length) {
      await runRefresh(plan, {
        store: o.store,
        factory: o.factory,
        collectors: o.collectors,
        ...(o.credentialsFor && { credentialsFor: o.credentialsFor }),
        ...(o.log && { log: o.log }),
      });
    }
    const handles = messages.filter((m) => m.ReceiptHandle).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string }));
    if (handles.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: o.queueUrl, Entries: handles }));
    totals.messages += messages.length;
    totals.events += events.length;
    totals.refreshed += plan.length;
  }
  return totals;
}
