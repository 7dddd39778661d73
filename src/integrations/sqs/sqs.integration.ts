import { GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { defineIntegration } from '../../core/units/integration.js';
import { awsClientConfig, awsCredentials, awsOptions } from '../aws.js';
import { awsError } from '../http.js';

/** AWS SQS: one message per alert change; FIFO queues deduplicate on the idempotency key. */
const options = z.strictObject({ ...awsOptions, queueUrl: z.url() });

async function client(ctx: { options: z.infer<typeof options>; credentials: z.infer<typeof awsCredentials>; checkHost?: (h: string) => Promise<void> }) {
  return new SQSClient(await awsClientConfig(ctx.options, ctx.credentials, ctx.checkHost));
}

export default defineIntegration({
  id: 'sqs',
  version: 1,
  title: 'AWS SQS queue',
  category: 'cloud',
  options,
  credentials: awsCredentials,
  async test(ctx) {
    try {
      await (await client(ctx)).send(new GetQueueAttributesCommand({ QueueUrl: ctx.options.queueUrl, AttributeNames: ['QueueArn'] }));
    } catch (e) {
      throw awsError('sqs GetQueueAttributes', e);
    }
  },
  async send(alert, ctx) {
    try {
      const fifo = ctx.options.queueUrl.endsWith('.fifo');
      const r = await (await client(ctx)).send(
        new SendMessageCommand({
          QueueUrl: ctx.options.queueUrl,
          MessageBody: JSON.stringify({ event: `alert.${alert.status}`, alert }),
          MessageAttributes: { severity: { DataType: 'String', StringValue: alert.severity } },
          ...(fifo && { MessageGroupId: alert.dedupKey, MessageDeduplicationId: alert.idempotencyKey.slice(0, 128).replace(/[^\w-]/g, '-') }),
        }),
      );
      return { ...(r.MessageId && { externalId: r.MessageId }) };
    } catch (e) {
      throw awsError('sqs SendMessage', e);
    }
  },
});
