import { GetQueueAttributesCommand, ListQueueTagsCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, flatTags, itemsOf, kmsKeyArn, lastSegment, orNull, parsePolicy, record } from '../common.js';

const sqs = (ctx: CollectContext) => ctx.client(SQSClient);

/** GetQueueAttributes(All) plus the QueueUrl; `Policy` is parsed by toResource. */
export type QueueAttributes = Record<string, string> & { QueueUrl: string };

async function* attributes(ctx: CollectContext, urls: AsyncIterable<string> | Iterable<string>): AsyncIterable<QueueAttributes> {
  for await (const QueueUrl of urls) {
    const r = await orNull(
      () => sqs(ctx).send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })),
      ['AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'],
    );
    if (r) yield { ...r.Attributes, QueueUrl };
  }
}

/** An event names a queue by URL (`queueUrl`); an ARN `arn:…:sqs:<r>:<a>:<name>` maps to the URL through ListQueues. */
async function* urlsFor(ctx: CollectContext, ids?: readonly string[]): AsyncIterable<string> {
  const names = ids && new Set(ids.map((i) => lastSegment(i)));
  for await (const u of itemsOf(paginateListQueues({ client: sqs(ctx) }, {}), (p) => p.QueueUrls)) if (!names || names.has(lastSegment(u))) yield u;
}

export default defineCollector<QueueAttributes>({
  id: 'aws-sqs-queue',
  resourceType: 'aws.sqs.queue',
  provider: 'aws',
  service: 'sqs',
  scope: 'regional',
  title: 'SQS queues',
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  triggers: ['CreateQueue', 'DeleteQueue', 'SetQueueAttributes', 'AddPermission', 'RemovePermission', 'TagQueue', 'UntagQueue'],
  list: (ctx) => attributes(ctx, urlsFor(ctx)),
  refresh: (ids, ctx) => attributes(ctx, urlsFor(ctx, ids)),
  hydrate: {
    tags: {
      permissions: ['sqs:ListQueueTags'],
      fetch: async (raw, ctx) => (await sqs(ctx).send(new ListQueueTagsCommand({ QueueUrl: raw.QueueUrl }))).Tags ?? {},
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.QueueArn ?? raw.QueueUrl;
    const config = configOf({ ...raw, Policy: parsePolicy(raw.Policy) }, hydrated);
    const resource = record(ctx, {
      type: 'aws.sqs.queue',
      id,
      name: lastSegment(raw.QueueUrl),
      tags: flatTags(hydrated.tags as Record<string, string> | undefined),
      config,
    });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsMasterKeyId)]) };
  },
  fixtures: [
    {
      name: 'queue with SQS-managed encryption and a cross-account policy',
      raw: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/644160558196/my-c7n-test',
        QueueArn: 'arn:aws:sqs:us-east-1:644160558196:my-c7n-test',
        MessageRetentionPeriod: '86400',
        SqsManagedSseEnabled: 'true',
        Policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sqs:SendMessage","Resource":"*"}]}',
      },
      expect: {
        id: 'arn:aws:sqs:us-east-1:644160558196:my-c7n-test',
        name: 'my-c7n-test',
        config: { MessageRetentionPeriod: '86400', Policy: { Statement: [{ Action: 'sqs:SendMessage' }] } },
      },
    },
  ],
});
