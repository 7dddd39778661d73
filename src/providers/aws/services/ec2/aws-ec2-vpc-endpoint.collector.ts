import { paginateDescribeVpcEndpoints, type VpcEndpoint } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges, itemsOf, parsePolicy } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeVpcEndpoints({ client: ec2(ctx) }, ids ? { Filters: idFilter('vpc-endpoint-id', ids) } : {}), (p) => p.VpcEndpoints);

export default defineCollector<VpcEndpoint>({
  id: 'aws-ec2-vpc-endpoint',
  resourceType: 'aws.ec2.vpc-endpoint',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPC endpoints',
  permissions: ['ec2:DescribeVpcEndpoints'],
  triggers: ['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    // `policy` is PolicyDocument parsed, so checks read statements rather than a JSON string.
    const resource = ec2Record(ctx, 'aws.ec2.vpc-endpoint', 'vpc-endpoint', raw.VpcEndpointId ?? '', raw, {
      policy: parsePolicy(raw.PolicyDocument),
      ...hydrated,
    });
    return {
      resource,
      edges: [
        ...edges(resource.id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
        ...edges(
          resource.id,
          'uses-security-group',
          (raw.Groups ?? []).map((g) => g.GroupId && ec2Arn(ctx, 'security-group', g.GroupId)),
        ),
        ...edges(
          resource.id,
          'in-subnet',
          (raw.SubnetIds ?? []).map((s) => ec2Arn(ctx, 'subnet', s)),
        ),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_vpc_endpoint_metrics_filter (ec2.DescribeVpcEndpoints_1.json), policy filled in.
      name: 'interface endpoint with a full-access policy',
      raw: {
        VpcEndpointId: 'vpce-r15s142b9',
        VpcEndpointType: 'Interface',
        VpcId: 'vpc-r15s142b9',
        ServiceName: 'com.amazonaws.ap-southeast-2.ec2messages',
        State: 'available' as never, // the API answers in lower case; the SDK enum says 'Available'
        PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
        SubnetIds: ['subnet-r15s142b90', 'subnet-r15s142b91'],
        Groups: [{ GroupId: 'sg-r15s142b9', GroupName: 'vpc_endpoint' }],
        PrivateDnsEnabled: true,
        Tags: [],
        OwnerId: '123456789012',
      },
      context: { region: 'ap-southeast-2' },
      expect: {
        id: 'arn:aws:ec2:ap-southeast-2:123456789012:vpc-endpoint/vpce-r15s142b9',
        config: { policy: { Statement: [{ Principal: '*', Action: '*' }] } },
      },
      expectEdges: [
        {
          from: 'arn:aws:ec2:ap-southeast-2:123456789012:vpc-endpoint/vpce-r15s142b9',
          kind: 'in-vpc',
          to: 'arn:aws:ec2:ap-southeast-2:123456789012:vpc/vpc-r15s142b9',
        },
        {
          from: 'arn:aws:ec2:ap-southeast-2:123456789012:vpc-endpoint/vpce-r15s142b9',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:ap-southeast-2:123456789012:security-group/sg-r15s142b9',
        },
      ],
    },
  ],
});
