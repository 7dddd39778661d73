import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import slack from './slack.integration.js';

/** The receiving side of Slack: an incoming-webhook endpoint and the Web API (auth.test, chat.postMessage). */
describe('slack integration', () => {
  let s: FakeServer;
  beforeEach(async () => {
    s = await startFakeServer();
    s.on('POST', '/hooks/T0/B0/x', [{ status: 200, body: 'ok' }]);
    s.on('POST', '/api/auth.test', (r) => ({
      json: r.headers.authorization === 'Bearer xoxb-good' ? { ok: true, user_id: 'UBOT' } : { ok: false, error: 'invalid_auth' },
    }));
    s.on('POST', '/api/chat.postMessage', (r) => ({ json: { ok: true, channel: (r.json as { channel: string }).channel, ts: '1732700000.000100' } }));
  });
  afterEach(() => s.close());
  const ctx = (token = 'xoxb-good') => ctxFor(slack, { apiBase: `${s.url}/api` }, { webhookUrl: `${s.url}/hooks/T0/B0/x`, botToken: token });

  it('posts to the channel webhook and DMs the owner through the bot', async () => {
    const r = await slack.send(samplePayload(), ctx());
    const hook = s.received('POST', '/hooks/T0/B0/x')[0]?.json as { text: string; blocks: { text?: { text: string } }[] };
    expect(hook.text).toContain('[critical]');
    expect(JSON.stringify(hook.blocks)).toContain('accepted traffic from 93.174.95.106');
    expect(JSON.stringify(hook.blocks)).toContain('<@U0BOB>');
    const dm = s.received('POST', '/api/chat.postMessage')[0];
    expect(dm?.headers.authorization).toBe('Bearer xoxb-good');
    expect((dm?.json as { channel: string } | undefined)?.channel).toBe('U0BOB');
    expect(r.externalId).toBe('U0BOB:1732700000.000100');
  });

  it('test() calls auth.test and fails on a bad token; ratelimited retries, others do not', async () => {
    await slack.test(ctx());
    const bad = await slack.test(ctx('xoxb-bad')).catch((e) => e);
    expect(bad.message).toContain('invalid_auth');
    expect(bad.retryable).toBe(false);
    s.on('POST', '/api/chat.postMessage', [{ json: { ok: false, error: 'ratelimited' } }]);
    const e = await slack.send(samplePayload(), ctx()).catch((x) => x);
    expect(e.retryable).toBe(true);
  });
});
