import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import { IntegrationError } from '../../core/errors.js';
import webhook, { sign, verifySignature } from './webhook.integration.js';

describe('webhook integration (signed JSON to a receiver on 127.0.0.1)', () => {
  let s: FakeServer;
  beforeEach(async () => {
    s = await startFakeServer();
  });
  afterEach(() => s.close());
  const secret = 'receiver-shared-secret';

  it('signs timestamp.body with HMAC-SHA256; the receiver verifies and rejects replays', async () => {
    s.on('POST', '/in', (r) =>
      verifySignature(secret, r.headers['x-skywatch-timestamp'] ?? '', r.body, r.headers['x-skywatch-signature'] ?? '') ? { status: 204 } : { status: 401 },
    );
    const ctx = ctxFor(webhook, { url: `${s.url}/in`, headers: { 'x-team': 'payments' } }, { secret });
    await webhook.send(samplePayload(), ctx);
    await webhook.close?.(samplePayload({ status: 'resolved' }), '', ctx);
    const [a, b] = s.received('POST', '/in');
    expect(a?.headers['x-skywatch-signature']).toBe(sign(secret, a?.headers['x-skywatch-timestamp'] as string, a?.body as string));
    expect(a?.headers['idempotency-key']).toBe(samplePayload().idempotencyKey);
    expect(a?.headers['x-team']).toBe('payments');
    expect((a?.json as { event: string } | undefined)?.event).toBe('alert.opened');
    expect((b?.json as { event: string; alert: { status: string } } | undefined)?.alert.status).toBe('resolved');
    expect((b?.json as { event: string } | undefined)?.event).toBe('alert.resolved');
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect(verifySignature(secret, old, a?.body as string, sign(secret, old, a?.body as string))).toBe(false);
  });

  it('classifies failures: 401 is final, 429 carries Retry-After', async () => {
    s.on('POST', '/in', [{ status: 401 }, { status: 429, headers: { 'retry-after': '7' } }]);
    const ctx = ctxFor(webhook, { url: `${s.url}/in` }, { secret: 'wrong-secret-at-sender' });
    const e1 = await webhook.send(samplePayload(), ctx).catch((e) => e);
    expect(e1).toBeInstanceOf(IntegrationError);
    expect(e1.retryable).toBe(false);
    const e2 = await webhook.send(samplePayload(), ctx).catch((e) => e);
    expect([e2.retryable, e2.retryAfterMs]).toEqual([true, 7000]);
  });

  it('test() posts a signed test event', async () => {
    s.on('POST', '/in', [{ status: 200 }]);
    await webhook.test(ctxFor(webhook, { url: `${s.url}/in` }, { secret }));
    expect((s.requests[0]?.json as { event: string } | undefined)?.event).toBe('test');
  });
});
