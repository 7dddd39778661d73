import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsQuery, queryError } from '../../../test/support/fake-aws.js';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import sns from './sns.integration.js';

const TOPIC = 'arn:aws:sns:us-east-1:222222222222:security-alerts';

describe('sns integration (Query protocol on a local endpoint)', () => {
  let s: FakeServer;
  let throttle = 0;
  beforeEach(async () => {
    throttle = 0;
    s = await startFakeServer();
    awsQuery(s, {
      getTopicAttributes: (q) =>
        q.get('TopicArn') === TOPIC
          ? {
              xml: `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes><entry><key>TopicArn</key><value>${TOPIC}</value></entry></Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`,
            }
          : { status: 404, xml: queryError('NotFound', 'Topic does not exist') },
      publish: () =>
        throttle-- > 0
          ? { status: 400, xml: queryError('Throttling', 'Rate exceeded') }
          : { xml: '<PublishResponse><PublishResult><MessageId>msg-0001</MessageId></PublishResult></PublishResponse>' },
    });
  });
  afterEach(() => s.close());
  const ctx = (topicArn = TOPIC) => ctxFor(sns, { region: 'us-east-1', endpoint: s.url, topicArn }, { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

  it('publishes the alert as JSON with a severity attribute, signed with SigV4', async () => {
    const r = await sns.send(samplePayload(), ctx());
    expect(r.externalId).toBe('msg-0001');
    const req = s.requests.find((x) => x.body.includes('Action=Publish'));
    const q = new URLSearchParams(req?.body);
    expect(q.get('TopicArn')).toBe(TOPIC);
    expect(JSON.parse(q.get('Message') as string).alert.factors).toHaveLength(3);
    expect(q.get('MessageAttributes.entry.1.Name')).toBe('severity');
    expect(q.get('MessageAttributes.entry.1.Value.StringValue')).toBe('critical');
    expect(req?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
  });

  it('test() reads the topic; a missing topic is final, throttling retries', async () => {
    await sns.test(ctx());
    expect((await sns.test(ctx(`${TOPIC}-nope`)).catch((e) => e)).retryable).toBe(false);
    throttle = 1;
    expect((await sns.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(true);
  });
});
