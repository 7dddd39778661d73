import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import pagerduty from './pagerduty.integration.js';

const KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

/** The receiving side of Events API v2: 202 with the dedup key, 400 for an invalid routing key, incidents by dedup key. */
describe('pagerduty integration', () => {
  let s: FakeServer;
  const incidents = new Map<string, string>();
  beforeEach(async () => {
    incidents.clear();
    s = await startFakeServer();
    s.on('POST', '/v2/enqueue', (r) => {
      const e = r.json as { routing_key: string; event_action: string; dedup_key: string; payload?: { summary: string; severity: string } };
      if (e.routing_key !== KEY) return { status: 400, json: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] } };
      if (e.event_action === 'trigger' && !e.payload?.summary) return { status: 400, json: { status: 'invalid event' } };
      if (e.event_action === 'trigger') incidents.set(e.dedup_key, 'triggered');
      if (e.event_action === 'acknowledge' && incidents.has(e.dedup_key)) incidents.set(e.dedup_key, 'acknowledged');
      if (e.event_action === 'resolve' && incidents.has(e.dedup_key)) incidents.set(e.dedup_key, 'resolved');
      return { status: 202, json: { status: 'success', message: 'Event processed', dedup_key: e.dedup_key } };
    });
  });
  afterEach(() => s.close());
  const ctx = (key = KEY) => ctxFor(pagerduty, { eventsUrl: `${s.url}/v2/enqueue` }, { routingKey: key });

  it('triggers, acknowledges and resolves one incident by dedup key', async () => {
    const a = samplePayload();
    const r = await pagerduty.send(a, ctx());
    expect(r.externalId).toBe(a.dedupKey);
    await pagerduty.send(a, ctx());
    expect(incidents.size).toBe(1);
    const trig = s.requests[0]?.json as { payload: { severity: string; custom_details: { factors: string[] } } };
    expect(trig.payload.severity).toBe('critical');
    expect(trig.payload.custom_details.factors).toHaveLength(3);
    await pagerduty.update?.({ ...a, status: 'acknowledged' }, a.dedupKey, ctx());
    expect(incidents.get(a.dedupKey)).toBe('acknowledged');
    await pagerduty.close?.({ ...a, status: 'resolved' }, a.dedupKey, ctx());
    expect(incidents.get(a.dedupKey)).toBe('resolved');
  });

  it('test() proves the key without paging; an invalid key fails for good', async () => {
    await pagerduty.test(ctx());
    expect(incidents.size).toBe(0);
    const e = await pagerduty.test(ctx('BADKEY0123456789abcdefABCDEF0000')).catch((x) => x);
    expect(e.message).toContain('400');
    expect(e.retryable).toBe(false);
  });

  it('429 is retried after Retry-After', async () => {
    s.on('POST', '/v2/enqueue', [{ status: 429, headers: { 'retry-after': '2' } }]);
    const e = await pagerduty.send(samplePayload(), ctx()).catch((x) => x);
    expect([e.retryable, e.retryAfterMs]).toEqual([true, 2000]);
  });
});
