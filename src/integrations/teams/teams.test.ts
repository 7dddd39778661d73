import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import teams from './teams.integration.js';

/** The receiving side: a Teams Workflows webhook trigger, which answers 202 Accepted. */
describe('teams integration', () => {
  let s: FakeServer;
  beforeEach(async () => {
    s = await startFakeServer();
  });
  afterEach(() => s.close());

  it('posts a message with an Adaptive Card attachment', async () => {
    s.on('POST', '/workflows/abc/triggers/manual/paths/invoke', [{ status: 202 }]);
    await teams.send(samplePayload(), ctxFor(teams, {}, { webhookUrl: `${s.url}/workflows/abc/triggers/manual/paths/invoke` }));
    const msg = s.requests[0]?.json as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string; body: { text?: string; facts?: { title: string; value: string }[] }[] } }[];
    };
    expect(msg.type).toBe('message');
    expect(msg.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(msg.attachments[0]?.content.type).toBe('AdaptiveCard');
    expect(msg.attachments[0]?.content.body.map((b) => b.text).join('\n')).toContain('attached to orders-db running PostgreSQL');
    expect(msg.attachments[0]?.content.body.flatMap((b) => b.facts ?? []).find((f) => f.title === 'Owner')?.value).toContain('Bob');
  });

  it('a 500 is retryable, a 404 (deleted flow) is not', async () => {
    s.on('POST', '/flow', [{ status: 500 }, { status: 404 }]);
    const c = ctxFor(teams, {}, { webhookUrl: `${s.url}/flow` });
    expect((await teams.send(samplePayload(), c).catch((e) => e)).retryable).toBe(true);
    expect((await teams.send(samplePayload(), c).catch((e) => e)).retryable).toBe(false);
  });
});
