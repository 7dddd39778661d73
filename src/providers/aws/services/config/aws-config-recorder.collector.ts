import {
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, record } from '../common.js';
import { CONFIG_TRIGGERS, configService } from './config.js';

export type Recorder = ConfigurationRecorder & { status: ConfigurationRecorderStatus | null };

async function* read(ctx: CollectContext): AsyncIterable<Recorder> {
  const recorders = (await configService(ctx).send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
  if (!recorders.length) return;
  const statuses = (await configService(ctx).send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
  for (const r of recorders) yield { ...r, status: statuses.find((s) => s.name === r.name) ?? null };
}

export default defineCollector<Recorder>({
  id: 'aws-config-recorder',
  resourceType: 'aws.config.recorder',
  provider: 'aws',
  service: 'config',
  scope: 'regional',
  title: 'AWS Config configuration recorders',
  permissions: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  triggers: CONFIG_TRIGGERS,
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.config.recorder',
      id: arn(ctx, 'config', `configuration-recorder/${raw.name}`),
      name: raw.name,
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_config_recorder_toggle_stop (DescribeConfigurationRecorders_1, DescribeConfigurationRecorderStatus_1).
      name: 'recorder recording all supported types',
      raw: {
        name: 'default',
        roleARN: 'arn:aws:iam::644160558196:role/service-role/config-role-us-east-1',
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] },
        status: { name: 'default', recording: true, lastStatus: 'SUCCESS' as never }, // as recorded; the SDK enum spells it 'Success'
      },
      expect: {
        id: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default',
        name: 'default',
        config: { recordingGroup: { allSupported: true }, status: { recording: true } },
      },
    },
  ],
});
