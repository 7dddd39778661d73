import {
  DescribeTargetHealthCommand,
  paginateDescribeTargetGroups,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, ec2Arn, edges, itemsOf, orNull, record } from '../common.js';
import { elbv2 } from './elbv2.js';

export default defineCollector<TargetGroup>({
  id: 'aws-elbv2-target-group',
  resourceType: 'aws.elbv2.target-group',
  provider: 'aws',
  service: 'elbv2',
  scope: 'regional',
  title: 'ELBv2 target groups',
  permissions: ['elasticloadbalancing:DescribeTargetGroups'],
  triggers: ['CreateTargetGroup', 'DeleteTargetGroup', 'ModifyTargetGroup', 'ModifyTargetGroupAttributes', 'RegisterTargets', 'DeregisterTargets'],
  list: (ctx) => itemsOf(paginateDescribeTargetGroups({ client: elbv2(ctx) }, {}), (p) => p.TargetGroups),
  async *refresh(ids, ctx) {
    for (const TargetGroupArn of ids.filter((i) => i.includes(':targetgroup/')))
      yield* (await orNull(() =>
        collectAll(itemsOf(paginateDescribeTargetGroups({ client: elbv2(ctx) }, { TargetGroupArns: [TargetGroupArn] }), (p) => p.TargetGroups)),
      )) ?? [];
  },
  hydrate: {
    targets: {
      permissions: ['elasticloadbalancing:DescribeTargetHealth'],
      fetch: async (raw, ctx) =>
        (await elbv2(ctx).send(new DescribeTargetHealthCommand({ TargetGroupArn: raw.TargetGroupArn }))).TargetHealthDescriptions ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.TargetGroupArn ?? '';
    const resource = record(ctx, { type: 'aws.elbv2.target-group', id, name: raw.TargetGroupName, config: configOf(raw, hydrated) });
    // Instance targets are instance ids, Lambda targets are ARNs; IP targets name no inventory resource.
    const targets = ((hydrated.targets as TargetHealthDescription[] | undefined) ?? []).map((t) => {
      const tid = t.Target?.Id;
      if (raw.TargetType === 'instance' && tid) return ec2Arn(ctx, 'instance', tid);
      if (raw.TargetType === 'lambda') return tid;
      return undefined;
    });
    return { resource, edges: edges(id, 'targets', targets) };
  },
  fixtures: [
    {
      // From cloud-custodian test_target_group_attributes_filter_action (DescribeTargetGroups_1), one target registered.
      name: 'TCP target group with an instance target',
      raw: {
        TargetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:644160558196:targetgroup/test-tg/cbe6793a05fe2145',
        TargetGroupName: 'test-tg',
        Protocol: 'TCP',
        Port: 80,
        VpcId: 'vpc-0e9eba9640a5398a2',
        HealthCheckProtocol: 'TCP',
        LoadBalancerArns: [],
        TargetType: 'instance',
      },
      hydrated: { targets: [{ Target: { Id: 'i-0a1b2c3d4e5f60001', Port: 80 }, TargetHealth: { State: 'healthy' } }] },
      context: { region: 'us-west-2', account: '644160558196' },
      expect: { name: 'test-tg', config: { targets: [{ TargetHealth: { State: 'healthy' } }] } },
      expectEdges: [
        {
          from: 'arn:aws:elasticloadbalancing:us-west-2:644160558196:targetgroup/test-tg/cbe6793a05fe2145',
          kind: 'targets',
          to: 'arn:aws:ec2:us-west-2:644160558196:instance/i-0a1b2c3d4e5f60001',
        },
      ],
    },
  ],
});
