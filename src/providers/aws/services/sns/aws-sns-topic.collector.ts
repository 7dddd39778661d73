import { GetTopicAttributesCommand, ListTagsForResourceCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, itemsOf, kmsKeyArn, lastSegment, orNull, parsePolicy, record } from '../common.js';

const sns = (ctx: CollectContext) => ctx.client(SNSClient);

/** GetTopicAttributes' map, which includes TopicArn; `Policy` is parsed by toResource. */
export type TopicAttributes = Record<string, string>;

async function* attributes(ctx: CollectContext, arns: AsyncIterable<string> | Iterable<string>): AsyncIterable<TopicAttributes> {
  for await (const TopicArn of arns) {
    const r = await orNull(() => sns(ctx).send(new GetTopicAttributesCommand({ TopicArn })));
    if (r) yield { TopicArn, ...r.Attributes };
  }
}

async function* topicArns(ctx: CollectContext): AsyncIterable<string> {
  for await (const t of itemsOf(paginateListTopics({ client: sns(ctx) }, {}), (p) => p.Topics)) if (t.TopicArn) yield t.TopicArn;
}

export default defineCollector<TopicAttributes>({
  id: 'aws-sns-topic',
  resourceType: 'aws.sns.topic',
  provider: 'aws',
  service: 'sns',
  scope: 'regional',
  title: 'SNS topics',
  permissions: ['sns:ListTopics', 'sns:GetTopicAttributes'],
  triggers: ['CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'AddPermission', 'RemovePermission', 'TagResource', 'UntagResource'],
  list: (ctx) => attributes(ctx, topicArns(ctx)),
  refresh: (ids, ctx) =>
    attributes(
      ctx,
      ids.filter((i) => i.startsWith('arn:')),
    ),
  hydrate: {
    tags: {
      permissions: ['sns:ListTagsForResource'],
      fetch: async (raw, ctx) => (await sns(ctx).send(new ListTagsForResourceCommand({ ResourceArn: raw.TopicArn }))).Tags ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.TopicArn ?? '';
    const config = configOf({ ...raw, Policy: parsePolicy(raw.Policy) }, hydrated);
    const resource = record(ctx, {
      type: 'aws.sns.topic',
      id,
      name: lastSegment(id),
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config,
    });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsMasterKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_cross_account_sns (GetTopicAttributes_1).
      name: 'topic anyone may publish to',
      raw: {
        SubscriptionsConfirmed: '0',
        DisplayName: '',
        Owner: '644160558196',
        Policy:
          '{"Version":"2012-10-17","Id":"Foo","Statement":[{"Effect":"Allow","Principal":"*","Action":"SNS:Publish","Resource":"arn:aws:sns:us-west-2:644160558196:c7n-cross-check"}]}',
        TopicArn: 'arn:aws:sns:us-west-2:644160558196:c7n-cross-check',
        SubscriptionsPending: '0',
      },
      context: { region: 'us-west-2' },
      expect: {
        id: 'arn:aws:sns:us-west-2:644160558196:c7n-cross-check',
        name: 'c7n-cross-check',
        config: { Policy: { Statement: [{ Principal: '*', Action: 'SNS:Publish' }] } },
      },
    },
  ],
});
