import { paginateDescribeFlowLogs, paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, itemsOf } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeVpcs({ client: ec2(ctx) }, ids ? { Filters: idFilter('vpc-id', ids) } : {}), (p) => p.Vpcs);

export default defineCollector<Vpc>({
  id: 'aws-ec2-vpc',
  resourceType: 'aws.ec2.vpc',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPCs',
  permissions: ['ec2:DescribeVpcs'],
  triggers: [
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AssociateVpcCidrBlock',
    'DisassociateVpcCidrBlock',
    'CreateFlowLogs',
    'DeleteFlowLogs',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  hydrate: {
    flowLogs: {
      permissions: ['ec2:DescribeFlowLogs'],
      fetch: (raw, ctx) =>
        collectAll(
          itemsOf(paginateDescribeFlowLogs({ client: ec2(ctx) }, { Filter: [{ Name: 'resource-id', Values: [raw.VpcId ?? ''] }] }), (p) => p.FlowLogs),
        ),
    },
  },
  toResource(raw, hydrated, ctx) {
    return { resource: ec2Record(ctx, 'aws.ec2.vpc', 'vpc', raw.VpcId ?? '', raw, hydrated) };
  },
  fixtures: [
    {
      // From cloud-custodian test_vpc_set_flow_logs_maxaggrinterval (ec2.DescribeVpcs_1.json, ec2.DescribeFlowLogs_2.json).
      name: 'default VPC with an S3 flow log',
      raw: {
        CidrBlock: '172.31.0.0/16',
        DhcpOptionsId: 'dopt-24ff1940',
        State: 'available',
        VpcId: 'vpc-d2d616b5',
        OwnerId: '644160558196',
        InstanceTenancy: 'default',
        IsDefault: true,
        Tags: [{ Key: 'Name', Value: 'FlowLogTest' }],
      },
      hydrated: {
        flowLogs: [
          {
            FlowLogId: 'fl-0bb8640b899a159d7',
            FlowLogStatus: 'ACTIVE',
            ResourceId: 'vpc-d2d616b5',
            TrafficType: 'ALL',
            LogDestinationType: 's3',
            LogDestination: 'arn:aws:s3:::c7n-vpc-flow-logs/test.log.gz',
          },
        ],
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:ec2:us-east-1:644160558196:vpc/vpc-d2d616b5',
        name: 'FlowLogTest',
        config: { IsDefault: true, CidrBlock: '172.31.0.0/16', flowLogs: [{ TrafficType: 'ALL', FlowLogStatus: 'ACTIVE' }] },
      },
    },
  ],
});
