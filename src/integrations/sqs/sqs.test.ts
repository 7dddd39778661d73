import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsJson, md5 } from '../../../test/support/fake-aws.js';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import sqs from './sqs.integration.js';

describe('sqs integration (AWS JSON 1.0 on a local endpoint)', () => {
  let s: FakeServer;
  const bodies: Record<string, unknown>[] = [];
  let fail: { status: number; type: string } | undefined;
  beforeEach(async () => {
    bodies.length = 0;
    fail = undefined;
    s = await startFakeServer();
    awsJson(s, {
      getQueueAttributes: (i) => ({ body: { Attributes: { QueueArn: `arn:aws:sqs:us-east-1:222222222222:${String(i.QueueUrl).split('/').pop()}` } } }),
      sendMessage: (i) => {
        if (fail) return { status: fail.status, body: { __type: fail.type, message: 'no' } };
        bodies.push(i);
        return { body: { MessageId: `m-${bodies.length}`, MD5OfMessageBody: md5(String(i.MessageBody)) } };
      },
    });
  });
  afterEach(() => s.close());
  const ctx = (name = 'alerts') =>
    ctxFor(sqs, { region: 'us-east-1', endpoint: s.url, queueUrl: `${s.url}/222222222222/${name}` }, { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

  it('sends one message per alert; FIFO queues get group and deduplication ids', async () => {
    expect((await sqs.send(samplePayload(), ctx())).externalId).toBe('m-1');
    expect(JSON.parse(String(bodies[0]?.MessageBody)).alert.owner.name).toBe('Bob');
    expect(bodies[0]?.MessageGroupId).toBeUndefined();
    await sqs.send(samplePayload(), ctx('alerts.fifo'));
    expect(bodies[1]?.MessageGroupId).toBe(samplePayload().dedupKey);
    expect(String(bodies[1]?.MessageDeduplicationId)).toMatch(/^[\w-]{1,128}$/);
    await sqs.test(ctx());
  });

  it('a missing queue is final; a 500 retries', async () => {
    fail = { status: 400, type: 'com.amazonaws.sqs#QueueDoesNotExist' };
    expect((await sqs.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(false);
    fail = { status: 500, type: 'InternalError' };
    expect((await sqs.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(true);
  });
});
