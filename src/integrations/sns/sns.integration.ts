import { GetTopicAttributesCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { defineIntegration } from '../../core/units/integration.js';
import { awsClientConfig, awsCredentials, awsOptions } from '../aws.js';
import { awsError } from '../http.js';

/** AWS SNS: the alert as a JSON message, severity as a message attribute (for subscription filter policies). */
const options = z.strictObject({ ...awsOptions, topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:/, 'must be an SNS topic ARN') });

async function client(ctx: { options: z.infer<typeof options>; credentials: z.infer<typeof awsCredentials>; checkHost?: (h: string) => Promise<void> }) {
  return new SNSClient(await awsClientConfig(ctx.options, ctx.credentials, ctx.checkHost));
}

export default defineIntegration({
  id: 'sns',
  version: 1,
  title: 'AWS SNS topic',
  category: 'cloud',
  options,
  credentials: awsCredentials,
  async test(ctx) {
    try {
      await (await client(ctx)).send(new GetTopicAttributesCommand({ TopicArn: ctx.options.topicArn }));
    } catch (e) {
      throw awsError('sns GetTopicAttributes', e);
    }
  },
  async send(alert, ctx) {
    try {
      const fifo = ctx.options.topicArn.endsWith('.fifo');
      const r = await (await client(ctx)).send(
        new PublishCommand({
          TopicArn: ctx.options.topicArn,
          Subject: `[Skywatch ${alert.severity}] ${alert.title}`.replace(/[^\x20-\x7e]/g, ' ').slice(0, 100),
          Message: JSON.stringify({ event: `alert.${alert.status}`, alert }),
          MessageAttributes: { severity: { DataType: 'String', StringValue: alert.severity }, status: { DataType: 'String', StringValue: alert.status } },
          ...(fifo && { MessageGroupId: alert.dedupKey, MessageDeduplicationId: alert.idempotencyKey.slice(0, 128).replace(/[^\w-]/g, '-') }),
        }),
      );
      return { ...(r.MessageId && { externalId: r.MessageId }) };
    } catch (e) {
      throw awsError('sns Publish', e);
    }
  },
});
