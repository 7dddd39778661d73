import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsJson } from '../../../test/support/fake-aws.js';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import eventbridge from './eventbridge.integration.js';

describe('eventbridge integration (AWS JSON 1.1 on a local endpoint)', () => {
  let s: FakeServer;
  const entries: Record<string, unknown>[] = [];
  let failEntry: string | undefined;
  beforeEach(async () => {
    entries.length = 0;
    failEntry = undefined;
    s = await startFakeServer();
    awsJson(s, {
      describeEventBus: (i) =>
        i.Name === 'security'
          ? { body: { Name: 'security', Arn: 'arn:aws:events:us-east-1:222222222222:event-bus/security' } }
          : { status: 400, body: { __type: 'ResourceNotFoundException', message: 'Event bus does not exist.' } },
      putEvents: (i) => {
        const list = i.Entries as Record<string, unknown>[];
        entries.push(...list);
        return {
          body: failEntry
            ? { FailedEntryCount: 1, Entries: [{ ErrorCode: failEntry, ErrorMessage: 'failed' }] }
            : { FailedEntryCount: 0, Entries: list.map((_, n) => ({ EventId: `ev-${n + 1}` })) },
        };
      },
    });
  });
  afterEach(() => s.close());
  const ctx = (bus = 'security') =>
    ctxFor(eventbridge, { region: 'us-east-1', endpoint: s.url, eventBusName: bus }, { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

  it('puts one event with source skywatch and the alert as detail', async () => {
    expect((await eventbridge.send(samplePayload(), ctx())).externalId).toBe('ev-1');
    expect(entries[0]).toMatchObject({ Source: 'skywatch', DetailType: 'Skywatch Alert', EventBusName: 'security' });
    expect(JSON.parse(String(entries[0]?.Detail)).alert.severity).toBe('critical');
    expect(entries[0]?.Resources).toEqual([samplePayload().resources[0]?.id]);
  });

  it('a failed entry in a 200 answer is an error (throttling retries); test() checks the bus', async () => {
    failEntry = 'ThrottlingException';
    expect((await eventbridge.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(true);
    failEntry = 'AccessDeniedException';
    expect((await eventbridge.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(false);
    await eventbridge.test(ctx());
    expect((await eventbridge.test(ctx('nope')).catch((e) => e)).message).toContain('ResourceNotFound');
  });
});
