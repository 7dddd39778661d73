import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, ec2Arn, edges, flatTags, idsFrom, itemsOf, orNull, record } from '../common.js';

const elb = (ctx: CollectContext) => ctx.client(ElasticLoadBalancingClient);
const describe = (ctx: CollectContext, names?: string[]) =>
  itemsOf(paginateDescribeLoadBalancers({ client: elb(ctx) }, names ? { LoadBalancerNames: names } : {}), (p) => p.LoadBalancerDescriptions);

export default defineCollector<LoadBalancerDescription>({
  id: 'aws-elb-load-balancer',
  resourceType: 'aws.elb.load-balancer',
  provider: 'aws',
  service: 'elb',
  scope: 'regional',
  title: 'Classic load balancers',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers'],
  triggers: [
    'CreateLoadBalancer',
    'DeleteLoadBalancer',
    'CreateLoadBalancerListeners',
    'DeleteLoadBalancerListeners',
    'SetLoadBalancerPoliciesOfListener',
    'ModifyLoadBalancerAttributes',
    'RegisterInstancesWithLoadBalancer',
    'DeregisterInstancesFromLoadBalancer',
    'ApplySecurityGroupsToLoadBalancer',
  ],
  list: (ctx) => describe(ctx),
  async *refresh(ids, ctx) {
    for (const name of idsFrom(ids))
      yield* (await orNull(async () => {
        const out = [];
        for await (const l of describe(ctx, [name])) out.push(l);
        return out;
      }, ['LoadBalancerNotFound'])) ?? [];
  },
  hydrate: {
    attributes: {
      permissions: ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
      fetch: async (raw, ctx) =>
        (await elb(ctx).send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: raw.LoadBalancerName }))).LoadBalancerAttributes ?? null,
    },
    policies: {
      permissions: ['elasticloadbalancing:DescribeLoadBalancerPolicies'],
      fetch: async (raw, ctx) =>
        (await elb(ctx).send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: raw.LoadBalancerName }))).PolicyDescriptions ?? [],
    },
    tags: {
      permissions: ['elasticloadbalancing:DescribeTags'],
      fetch: async (raw, ctx) =>
        (await elb(ctx).send(new DescribeTagsCommand({ LoadBalancerNames: [raw.LoadBalancerName ?? ''] }))).TagDescriptions?.[0]?.Tags ?? [],
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = arn(ctx, 'elasticloadbalancing', `loadbalancer/${raw.LoadBalancerName}`);
    const resource = record(ctx, {
      type: 'aws.elb.load-balancer',
      id,
      name: raw.LoadBalancerName,
      tags: flatTags(hydrated.tags as { Key: string; Value: string }[] | undefined),
      config: configOf(raw, hydrated),
    });
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
          (raw.Subnets ?? []).map((s) => ec2Arn(ctx, 'subnet', s)),
        ),
        ...edges(
          id,
          'targets',
          (raw.Instances ?? []).map((i) => i.InstanceId && ec2Arn(ctx, 'instance', i.InstanceId)),
        ),
      ],
    };
  },
  fixtures: [
    {
      name: 'internet-facing classic ELB with an HTTP listener and one instance',
      raw: {
        LoadBalancerName: 'legacy-web',
        DNSName: 'legacy-web-123.us-east-1.elb.amazonaws.com',
        Scheme: 'internet-facing',
        ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }, PolicyNames: [] }],
        Instances: [{ InstanceId: 'i-0legacy' }],
        SecurityGroups: ['sg-0web'],
        Subnets: ['subnet-a'],
        VPCId: 'vpc-1',
      },
      hydrated: { attributes: { AccessLog: { Enabled: false } } },
      expect: {
        id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-web',
        name: 'legacy-web',
        config: { attributes: { AccessLog: { Enabled: false } } },
      },
      expectEdges: [
        {
          from: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-web',
          kind: 'targets',
          to: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0legacy',
        },
      ],
    },
  ],
});
