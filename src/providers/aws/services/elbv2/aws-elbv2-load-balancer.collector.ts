import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  type Listener,
  type LoadBalancer,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineCollector } from '../../../../core/units/collector.js';
import { elbv2 } from './elbv2.js';
import { collectAll, configOf, ec2Arn, edges, flatTags, itemsOf, orNull, record } from '../common.js';

export default defineCollector<LoadBalancer>({
  id: 'aws-elbv2-load-balancer',
  resourceType: 'aws.elbv2.load-balancer',
  provider: 'aws',
  service: 'elbv2',
  scope: 'regional',
  title: 'Application, network and gateway load balancers',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers'],
  triggers: [
    'CreateLoadBalancer',
    'DeleteLoadBalancer',
    'ModifyLoadBalancerAttributes',
    'SetSecurityGroups',
    'SetSubnets',
    'CreateListener',
    'ModifyListener',
    'DeleteListener',
    'AddTags',
    'RemoveTags',
  ],
  list: (ctx) => itemsOf(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, {}), (p) => p.LoadBalancers),
  async *refresh(ids, ctx) {
    const arns = ids.filter((i) => i.startsWith('arn:'));
    const found = arns.length
      ? await orNull(() => collectAll(itemsOf(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, { LoadBalancerArns: arns }), (p) => p.LoadBalancers)))
      : [];
    yield* found ?? [];
  },
  hydrate: {
    listeners: {
      permissions: ['elasticloadbalancing:DescribeListeners'],
      fetch: (raw, ctx) => collectAll(itemsOf(paginateDescribeListeners({ client: elbv2(ctx) }, { LoadBalancerArn: raw.LoadBalancerArn }), (p) => p.Listeners)),
    },
    attributes: {
      permissions: ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
      fetch: async (raw, ctx) => (await elbv2(ctx).send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: raw.LoadBalancerArn }))).Attributes ?? [],
    },
    tags: {
      permissions: ['elasticloadbalancing:DescribeTags'],
      fetch: async (raw, ctx) =>
        (await elbv2(ctx).send(new DescribeTagsCommand({ ResourceArns: [raw.LoadBalancerArn ?? ''] }))).TagDescriptions?.[0]?.Tags ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.LoadBalancerArn ?? '';
    const resource = record(ctx, {
      type: 'aws.elbv2.load-balancer',
      id,
      name: raw.LoadBalancerName,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
    const groups = ((hydrated.listeners as Listener[] | undefined) ?? []).flatMap((l) =>
      (l.DefaultActions ?? []).flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]),
    );
    return {
      resource,
      edges: [
        ...edges(
          id,
          'uses-security-group',
          (raw.SecurityGroups ?? []).map((g) => ec2Arn(ctx, 'security-group', g)),
        ),
        ...edges(
          id,
          'in-subnet',
          (raw.AvailabilityZones ?? []).map((z) => z.SubnetId && ec2Arn(ctx, 'subnet', z.SubnetId)),
        ),
        ...edges(id, 'forwards-to', groups),
      ],
    };
  },
  fixtures: [
    {
      // LB from cloud-custodian test_netelb_metrics (DescribeLoadBalancers_1); listener shape from test_appelb_is_https.
      name: 'internet-facing NLB with a plain TCP listener',
      raw: {
        LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:644160558196:loadbalancer/net/nicnoc/d1c62a508f72274f',
        DNSName: 'nicnoc-d1c62a508f72274f.elb.us-east-1.amazonaws.com',
        LoadBalancerName: 'nicnoc',
        Scheme: 'internet-facing',
        VpcId: 'vpc-d2d616b5',
        State: { Code: 'active' },
        Type: 'network',
        AvailabilityZones: [
          { ZoneName: 'us-east-1b', SubnetId: 'subnet-efbcccb7' },
          { ZoneName: 'us-east-1a', SubnetId: 'subnet-914763e7' },
        ],
      },
      hydrated: {
        listeners: [
          {
            Protocol: 'TCP',
            Port: 27017,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:644160558196:targetgroup/mongo/cbe6793a05fe2145' }],
          },
        ],
      },
      context: { account: '644160558196' },
      expect: { name: 'nicnoc', config: { Scheme: 'internet-facing', listeners: [{ Port: 27017 }] } },
      expectEdges: [
        {
          from: 'arn:aws:elasticloadbalancing:us-east-1:644160558196:loadbalancer/net/nicnoc/d1c62a508f72274f',
          kind: 'forwards-to',
          to: 'arn:aws:elasticloadbalancing:us-east-1:644160558196:targetgroup/mongo/cbe6793a05fe2145',
        },
        {
          from: 'arn:aws:elasticloadbalancing:us-east-1:644160558196:loadbalancer/net/nicnoc/d1c62a508f72274f',
          kind: 'in-subnet',
          to: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-efbcccb7',
        },
      ],
    },
  ],
});
