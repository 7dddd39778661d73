import { type DeliveryChannel, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, edges, record } from '../common.js';
import { CONFIG_TRIGGERS, configService } from './config.js';

async function* read(ctx: CollectContext): AsyncIterable<DeliveryChannel> {
  yield* (await configService(ctx).send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
}

export default defineCollector<DeliveryChannel>({
  id: 'aws-config-delivery-channel',
  resourceType: 'aws.config.delivery-channel',
  provider: 'aws',
  service: 'config',
  scope: 'regional',
  title: 'AWS Config delivery channels',
  permissions: ['config:DescribeDeliveryChannels'],
  triggers: CONFIG_TRIGGERS,
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource(raw, hydrated, ctx) {
    const id = arn(ctx, 'config', `delivery-channel/${raw.name}`);
    const resource = record(ctx, { type: 'aws.config.delivery-channel', id, name: raw.name, config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'logs-to', [raw.s3BucketName && `arn:${ctx.partition}:s3:::${raw.s3BucketName}`]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_config_recorder_toggle_stop (DescribeDeliveryChannels_1).
      name: 'channel delivering to a bucket',
      raw: { name: 'default', s3BucketName: 'config-bucket-644160558196' },
      expect: { id: 'arn:aws:config:us-east-1:123456789012:delivery-channel/default', config: { s3BucketName: 'config-bucket-644160558196' } },
      expectEdges: [{ from: 'arn:aws:config:us-east-1:123456789012:delivery-channel/default', kind: 'logs-to', to: 'arn:aws:s3:::config-bucket-644160558196' }],
    },
  ],
});
