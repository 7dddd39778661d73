import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CollectContext } from '../../../../core/units/collector.js';

export const elbv2 = (ctx: CollectContext): ElasticLoadBalancingV2Client => ctx.client(ElasticLoadBalancingV2Client);
