import {
  DescribeRulesCommand,
  type Rule,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, itemsOf, orNull, record } from '../common.js';
import { elbv2, parentsOfRule } from './elbv2.js';

export default defineCollector<Rule>({
  id: 'aws-elbv2-listener-rule',
  resourceType: 'aws.elbv2.listener-rule',
  provider: 'aws',
  service: 'elbv2',
  scope: 'regional',
  title: 'ELBv2 listener rules (routing, redirects, authentication)',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
  triggers: ['CreateRule', 'ModifyRule', 'DeleteRule', 'SetRulePriorities'],
  // Rules hang off listeners, listeners off load balancers: one DescribeRules per listener. Only
  // application load balancers have rules beyond the default one; NLB and GWLB listeners are skipped.
  async *list(ctx) {
    for await (const lb of itemsOf(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, {}), (p) => p.LoadBalancers)) {
      if (lb.Type !== 'application' || !lb.LoadBalancerArn) continue;
      for await (const l of itemsOf(paginateDescribeListeners({ client: elbv2(ctx) }, { LoadBalancerArn: lb.LoadBalancerArn }), (p) => p.Listeners)) {
        if (!l.ListenerArn) continue;
        yield* itemsOf(paginateDescribeRules({ client: elbv2(ctx) }, { ListenerArn: l.ListenerArn }), (p) => p.Rules);
      }
    }
  },
  // One call per rule: DescribeRules fails as a whole when one of several ARNs is gone.
  async *refresh(ids, ctx) {
    for (const arn of new Set(ids.filter((i) => i.includes(':listener-rule/')))) {
      const r = await orNull(() => elbv2(ctx).send(new DescribeRulesCommand({ RuleArns: [arn] })), ['RuleNotFound', 'RuleNotFoundException']);
      yield* r?.Rules ?? [];
    }
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.RuleArn ?? '';
    const parents = parentsOfRule(id);
    const resource = record(ctx, {
      type: 'aws.elbv2.listener-rule',
      id,
      name: `${raw.IsDefault ? 'default' : `priority ${raw.Priority}`} ${id.split('/').slice(-4, -2).join('/')}`.trim(),
      tags: {},
      config: {
        ...configOf(raw, hydrated),
        ...(parents.listenerArn && { ListenerArn: parents.listenerArn }),
        ...(parents.loadBalancerArn && { LoadBalancerArn: parents.loadBalancerArn }),
      },
    });
    const groups = (raw.Actions ?? []).flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]);
    return {
      resource,
      edges: [...edges(id, 'member-of', [parents.loadBalancerArn]), ...edges(id, 'forwards-to', [...new Set(groups)])],
    };
  },
  fixtures: [
    {
      name: 'path rule forwarding to a target group without authentication',
      raw: {
        RuleArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
        Priority: '10',
        IsDefault: false,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/*'] } }],
        Actions: [{ Type: 'forward', Order: 1, TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin/73e2d6bc24d8a067' }],
      },
      expect: {
        id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
        config: {
          Priority: '10',
          ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2',
          LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
        },
      },
      expectEdges: [
        {
          from: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
          kind: 'member-of',
          to: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
        },
        {
          from: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
          kind: 'forwards-to',
          to: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin/73e2d6bc24d8a067',
        },
      ],
    },
  ],
});
