import { type Cluster, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, paginateListClusters, paginateListNodegroups } from '@aws-sdk/client-eks';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, ec2Arn, edges, flatTags, idsFrom, itemsOf, orNull, record } from '../common.js';

const eks = (ctx: CollectContext) => ctx.client(EKSClient);

async function* describe(ctx: CollectContext, names: AsyncIterable<string> | Iterable<string>): AsyncIterable<Cluster> {
  for await (const name of names) {
    const c = await orNull(async () => (await eks(ctx).send(new DescribeClusterCommand({ name }))).cluster);
    if (c) yield c;
  }
}

export default defineCollector<Cluster>({
  id: 'aws-eks-cluster',
  resourceType: 'aws.eks.cluster',
  provider: 'aws',
  service: 'eks',
  scope: 'regional',
  title: 'EKS clusters',
  permissions: ['eks:ListClusters', 'eks:DescribeCluster'],
  triggers: [
    'CreateCluster',
    'DeleteCluster',
    'UpdateClusterConfig',
    'UpdateClusterVersion',
    'CreateNodegroup',
    'DeleteNodegroup',
    'UpdateNodegroupConfig',
    'TagResource',
    'UntagResource',
  ],
  list: (ctx) =>
    describe(
      ctx,
      itemsOf(paginateListClusters({ client: eks(ctx) }, {}), (p) => p.clusters),
    ),
  refresh: (ids, ctx) => describe(ctx, idsFrom(ids)),
  hydrate: {
    nodegroups: {
      permissions: ['eks:ListNodegroups', 'eks:DescribeNodegroup'],
      async fetch(raw, ctx) {
        const names = await collectAll(itemsOf(paginateListNodegroups({ client: eks(ctx) }, { clusterName: raw.name }), (p) => p.nodegroups));
        const out = [];
        for (const nodegroupName of names) out.push((await eks(ctx).send(new DescribeNodegroupCommand({ clusterName: raw.name, nodegroupName }))).nodegroup);
        return out;
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.arn ?? '';
    const vpc = raw.resourcesVpcConfig;
    const resource = record(ctx, { type: 'aws.eks.cluster', id, name: raw.name, tags: flatTags(raw.tags), config: configOf(raw, hydrated) });
    return {
      resource,
      edges: [
        ...edges(
          id,
          'uses-security-group',
          [...(vpc?.securityGroupIds ?? []), vpc?.clusterSecurityGroupId].map((g) => g && ec2Arn(ctx, 'security-group', g)),
        ),
        ...edges(
          id,
          'in-subnet',
          (vpc?.subnetIds ?? []).map((s) => ec2Arn(ctx, 'subnet', s)),
        ),
        ...edges(id, 'has-role', [raw.roleArn]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_eks_tag_and_remove_tag (DescribeCluster_1).
      name: 'cluster with a public endpoint open to the world',
      raw: {
        name: 'devx',
        arn: 'arn:aws:eks:us-east-1:644160558196:cluster/devx',
        createdAt: new Date('2019-11-08T11:06:34Z'),
        version: '1.14',
        roleArn: 'arn:aws:iam::644160558196:role/eksctl-devk8s-cluster-ServiceRole-1JNA85I5147VF',
        resourcesVpcConfig: {
          subnetIds: ['subnet-3a334610', 'subnet-efbcccb7', 'subnet-914763e7'],
          securityGroupIds: ['sg-08184de4610f42e0a'],
          vpcId: 'vpc-d2d616b5',
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
          publicAccessCidrs: ['0.0.0.0/0'],
        },
        status: 'ACTIVE',
        tags: { Env: 'Dev' },
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:eks:us-east-1:644160558196:cluster/devx',
        name: 'devx',
        tags: { Env: 'Dev' },
        config: { resourcesVpcConfig: { endpointPublicAccess: true } },
      },
      expectEdges: [
        {
          from: 'arn:aws:eks:us-east-1:644160558196:cluster/devx',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-08184de4610f42e0a',
        },
        { from: 'arn:aws:eks:us-east-1:644160558196:cluster/devx', kind: 'in-subnet', to: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-914763e7' },
      ],
    },
  ],
});
