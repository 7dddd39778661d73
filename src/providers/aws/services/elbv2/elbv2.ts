import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CollectContext } from '../../../../core/units/collector.js';

export const elbv2 = (ctx: CollectContext): ElasticLoadBalancingV2Client => ctx.client(ElasticLoadBalancingV2Client);

/**
 * `…:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>` → its listener and load balancer ARNs,
 * so a rule refreshed alone (from an event) has the same config as one listed under its listener.
 */
export function parentsOfRule(ruleArn: string): { listenerArn?: string; loadBalancerArn?: string } {
  const m = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener-rule\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/([^/]+)\/[^/]+$/.exec(ruleArn);
  if (!m) return {};
  return { listenerArn: `${m[1]}listener/${m[2]}/${m[3]}`, loadBalancerArn: `${m[1]}loadbalancer/${m[2]}` };
}
