import { SSMClient } from '@aws-sdk/client-ssm';
import type { CollectContext } from '../../../../core/units/collector.js';

export const ssm = (ctx: CollectContext): SSMClient => ctx.client(SSMClient);
