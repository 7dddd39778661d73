import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { CollectContext } from '../../../../core/units/collector.js';

export const configService = (ctx: CollectContext): ConfigServiceClient => ctx.client(ConfigServiceClient);

/** AWS Config has no ARN for recorders and channels: `arn:<p>:config:<r>:<a>:<kind>/<name>`. */
export const CONFIG_TRIGGERS = [
  'PutConfigurationRecorder',
  'DeleteConfigurationRecorder',
  'StartConfigurationRecorder',
  'StopConfigurationRecorder',
  'PutDeliveryChannel',
  'DeleteDeliveryChannel',
] as const;
