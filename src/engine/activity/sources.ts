import { Readable } from 'node:stream';
// Types only: the SDK modules load when an S3 or SQS source is read, so local ingests do not pay for them.
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '../../core/errors.js';
import { type LogObject, listLocal } from './reader.js';

/** Where CloudTrail comes from: a local path, an S3 prefix, or an SQS queue of S3 notifications. */
export type IngestTarget = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string } | { kind: 'sqs'; queueUrl: string };

export function parseTarget(text: string | undefined, queueUrl?: string): IngestTarget {
  if (queueUrl) {
    if (text) throw new ConfigError('give either a PATH / s3:// URI or --queue-url, not both', { field: 'queue-url' });
    if (!/^https?:\/\//.test(queueUrl)) throw new ConfigError(`--queue-url must be an SQS queue URL (got "${queueUrl}")`, { field: 'queue-url' });
    return { kind: 'sqs', queueUrl };
  }
  if (!text) throw new ConfigError('a PATH, an s3://bucket/prefix or --queue-url is required', { field: 'target' });
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
  if (m) return { kind: 's3', bucket: m[1] as string, prefix: m[2] as string };
  return { kind: 'local', path: text };
}

/** `…/CloudTrail/us-east-1/2026/11/18/…` → the end of that day (epoch ms), to skip objects older than --since. */
export function keyDayEnd(key: string): number | undefined {
  const m = /\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(key);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  return Number.isNaN(t) ? undefined : t;
}

/** Lists objects after `startAfter` in key order, page by page (never the whole listing at once). */
export async function* listS3(s3: S3Client, bucket: string, prefix: string, startAfter?: string): AsyncGenerator<LogObject> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}) }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      if (!/\.(json|jsonl|gz)$/i.test(o.Key)) continue;
      yield s3Object(s3, bucket, o.Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export function s3Object(s3: S3Client, bucket: string, key: string): LogObject {
  return {
    name: `s3://${bucket}/${key}`,
    async open() {
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = r.Body;
      if (!body) throw new Error('empty body');
      if (body instanceof Readable) return body;
      // Browser-style streams or byte arrays (mocks): adapt to a Node stream.
      const b = body as { transformToByteArray?: () => Promise<Uint8Array> };
      if (b.transformToByteArray) return Readable.from([Buffer.from(await b.transformToByteArray())]);
      return Readable.from(body as AsyncIterable<Uint8Array>);
    },
  };
}

/**
 * The S3 objects an SQS message announces. Understands S3 event notifications (direct or wrapped
 * in SNS), EventBridge "Object Created" events, and CloudTrail's own SNS notification
 * (`{s3Bucket, s3ObjectKey: [...]}`). Keys in S3 notifications are URL-encoded with `+` for spaces.
 */
export function objectsInMessage(body: string): { bucket: string; key: string }[] {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch {
    return [];
  }
  const out: { bucket: string; key: string }[] = [];
  const visit = (m: unknown): void => {
    if (!m || typeof m !== 'object') return;
    const o = m as Record<string, unknown>;
    if (o.Type === 'Notification' && typeof o.Message === 'string') {
      try {
        visit(JSON.parse(o.Message));
      } catch {}
      return;
    }
    if (Array.isArray(o.Records)) {
      for (const r of o.Records) {
        const s3 = (r as { s3?: { bucket?: { name?: string }; object?: { key?: string } } }).s3;
        if (s3?.bucket?.name && s3.object?.key) out.push({ bucket: s3.bucket.name, key: decodeURIComponent(s3.object.key.replace(/\+/g, ' ')) });
      }
      return;
    }
    if (typeof o.s3Bucket === 'string' && Array.isArray(o.s3ObjectKey)) {
      for (const k of o.s3ObjectKey) out.push({ bucket: o.s3Bucket, key: String(k) });
      return;
    }
    const d = o.detail as { bucket?: { name?: string }; object?: { key?: string } } | undefined;
    if (d?.bucket?.name && d.object?.key) out.push({ bucket: d.bucket.name, key: d.object.key });
  };
  visit(msg);
  return out;
}

export interface QueueBatch {
  objects: LogObject[];
  /** Deletes the message once its objects are processed (the queue is the checkpoint). */
  ack(): Promise<void>;
  messageId: string;
}

/** Drains the queue: receives until a receive comes back empty (or `maxMessages` were taken). */
export async function* receiveQueue(
  sqs: SQSClient,
  s3: S3Client,
  queueUrl: string,
  opts: { waitSeconds?: number; maxMessages?: number } = {},
): AsyncGenerator<QueueBatch> {
  const { DeleteMessageCommand, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
  let taken = 0;
  const max = opts.maxMessages ?? Number.POSITIVE_INFINITY;
  while (taken < max) {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - taken),
        WaitTimeSeconds: opts.waitSeconds ?? 1,
        VisibilityTimeout: 900,
      }),
    );
    const msgs = r.Messages ?? [];
    if (msgs.length === 0) return;
    for (const m of msgs) {
      taken++;
      yield {
        messageId: m.MessageId ?? '',
        objects: objectsInMessage(m.Body ?? '').map((o) => s3Object(s3, o.bucket, o.key)),
        ack: async () => {
          if (m.ReceiptHandle) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
        },
      };
    }
  }
}

export { listLocal };
