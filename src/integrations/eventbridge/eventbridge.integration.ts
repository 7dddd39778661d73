import { DescribeEventBusCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { defineIntegration } from '../../core/units/integration.js';
import { awsClientConfig, awsCredentials, awsOptions } from '../aws.js';
import { awsError } from '../http.js';

/** Amazon EventBridge: `PutEvents` with source `skywatch` and detail-type `Skywatch Alert`, for rules to route. */
const options = z.strictObject({ ...awsOptions, eventBusName: z.string().default('default'), source: z.string().default('skywatch') });

async function client(ctx: { options: z.infer<typeof options>; credentials: z.infer<typeof awsCredentials>; checkHost?: (h: string) => Promise<void> }) {
  return new EventBridgeClient(await awsClientConfig(ctx.options, ctx.credentials, ctx.checkHost));
}

export default defineIntegration({
  id: 'eventbridge',
  version: 1,
  title: 'Amazon EventBridge (PutEvents)',
  category: 'cloud',
  options,
  credentials: awsCredentials,
  async test(ctx) {
    try {
      await (await client(ctx)).send(new DescribeEventBusCommand({ Name: ctx.options.eventBusName }));
    } catch (e) {
      throw awsError('eventbridge DescribeEventBus', e);
    }
  },
  async send(alert, ctx) {
    let r: { FailedEntryCount?: number; Entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] };
    try {
      r = await (await client(ctx)).send(
        new PutEventsCommand({
          Entries: [
            {
              Source: ctx.options.source,
              DetailType: 'Skywatch Alert',
              Detail: JSON.stringify({ event: `alert.${alert.status}`, alert }),
              EventBusName: ctx.options.eventBusName,
              Resources: alert.resources
                .map((x) => x.id)
                .filter((id) => id.startsWith('arn:'))
                .slice(0, 10),
            },
          ],
        }),
      );
    } catch (e) {
      throw awsError('eventbridge PutEvents', e);
    }
    // PutEvents answers 200 even when an entry failed; the entry says why.
    const entry = r.Entries?.[0];
    if (r.FailedEntryCount || entry?.ErrorCode)
      throw new IntegrationError(`eventbridge PutEvents: ${entry?.ErrorCode}: ${entry?.ErrorMessage}`, {
        retryable: /Throttl|InternalFailure/.test(entry?.ErrorCode ?? ''),
      });
    return { ...(entry?.EventId && { externalId: entry.EventId }) };
  },
});
