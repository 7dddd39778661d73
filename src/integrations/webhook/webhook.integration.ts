import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { defineIntegration } from '../../core/units/integration.js';
import type { AlertPayload } from '../../core/units/integration.js';
import { request } from '../http.js';

/**
 * Generic webhook: the alert as JSON. With a secret, every request is signed: the
 * `X-Skywatch-Timestamp` header (unix seconds) and `X-Skywatch-Signature: sha256=<hex>` =
 * HMAC-SHA256(secret, `${timestamp}.${body}`). Receivers recompute it and reject stale timestamps
 * (replay). `Idempotency-Key` lets a receiver drop a retried duplicate.
 */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifySignature(secret: string, timestamp: string, body: string, signature: string, now = Date.now(), toleranceSec = 300): boolean {
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSec) return false;
  const want = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

const options = z.strictObject({ url: z.url(), headers: z.record(z.string(), z.string()).optional() });
const credentials = z.strictObject({ secret: z.string().min(16, 'use at least 16 characters').optional() });

async function post(
  event: string,
  payload: Partial<AlertPayload> | undefined,
  key: string,
  ctx: { options: z.infer<typeof options>; credentials: z.infer<typeof credentials>; fetch: typeof fetch },
) {
  const body = JSON.stringify({ event, alert: payload ?? null, sentAt: new Date().toISOString() });
  const ts = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'skywatch',
    'idempotency-key': key,
    'x-skywatch-event': event,
    'x-skywatch-timestamp': ts,
    ...(ctx.options.headers ?? {}),
  };
  if (ctx.credentials.secret) headers['x-skywatch-signature'] = sign(ctx.credentials.secret, ts, body);
  return request(ctx.fetch, ctx.options.url, { method: 'POST', headers, raw: body }, 'webhook');
}

export default defineIntegration({
  id: 'webhook',
  version: 1,
  title: 'Generic webhook (signed JSON)',
  category: 'webhook',
  options,
  credentials,
  async test(ctx) {
    await post('test', undefined, `test-${Date.now()}`, ctx);
  },
  async send(alert, ctx) {
    await post('alert.opened', alert, alert.idempotencyKey, ctx);
    return {};
  },
  async update(alert, _id, ctx) {
    await post(alert.status === 'acknowledged' ? 'alert.acknowledged' : 'alert.updated', alert, alert.idempotencyKey, ctx);
    return {};
  },
  async close(alert, _id, ctx) {
    await post('alert.resolved', alert, alert.idempotencyKey, ctx);
  },
});
