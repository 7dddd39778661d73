import { type NetworkInterface, paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, ec2Arn, edges, itemsOf, type Where } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

const describe = (ctx: CollectContext, ids?: readonly string[]) =>
  itemsOf(paginateDescribeNetworkInterfaces({ client: ec2(ctx) }, ids ? { Filters: idFilter('network-interface-id', ids) } : {}), (p) => p.NetworkInterfaces);

/**
 * What owns an interface. An instance is named in the attachment; managed interfaces name their
 * owner only in the description ("Interface for NAT Gateway nat-…", "ELB app/name/id", "ELB name").
 */
export function ownerOf(ctx: Where, eni: NetworkInterface): string | undefined {
  if (eni.Attachment?.InstanceId) return ec2Arn(ctx, 'instance', eni.Attachment.InstanceId);
  const d = eni.Description ?? '';
  const nat = /NAT Gateway (nat-[0-9a-f]+)/.exec(d);
  if (nat) return ec2Arn(ctx, 'natgateway', nat[1]!);
  const elbv2 = /^ELB ((?:app|net|gwy)\/[^/]+\/[0-9a-f]+)$/.exec(d);
  if (elbv2) return arn(ctx, 'elasticloadbalancing', `loadbalancer/${elbv2[1]}`);
  const elb = /^ELB ([^/\s]+)$/.exec(d);
  if (elb) return arn(ctx, 'elasticloadbalancing', `loadbalancer/${elb[1]}`);
  return undefined;
}

export default defineCollector<NetworkInterface>({
  id: 'aws-ec2-network-interface',
  resourceType: 'aws.ec2.network-interface',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EC2 network interfaces',
  permissions: ['ec2:DescribeNetworkInterfaces'],
  triggers: [
    'CreateNetworkInterface',
    'DeleteNetworkInterface',
    'AttachNetworkInterface',
    'DetachNetworkInterface',
    'ModifyNetworkInterfaceAttribute',
    'AssignPrivateIpAddresses',
    'UnassignPrivateIpAddresses',
    'AssociateAddress',
    'DisassociateAddress',
    ...TAG_TRIGGERS,
  ],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    // DescribeNetworkInterfaces calls the tags TagSet, not Tags.
    const resource = ec2Record(ctx, 'aws.ec2.network-interface', 'network-interface', raw.NetworkInterfaceId ?? '', raw, hydrated, raw.TagSet);
    return {
      resource,
      edges: [
        ...edges(
          resource.id,
          'uses-security-group',
          (raw.Groups ?? []).map((g) => g.GroupId && ec2Arn(ctx, 'security-group', g.GroupId)),
        ),
        ...edges(resource.id, 'in-subnet', [raw.SubnetId && ec2Arn(ctx, 'subnet', raw.SubnetId)]),
        ...edges(resource.id, 'attached-to', [ownerOf(ctx, raw)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_network_interface_nested_block_filter (ec2.DescribeNetworkInterfaces_1.json).
      name: 'unattached interface in a web-tier group',
      raw: {
        Status: 'available',
        AvailabilityZone: 'us-east-1c',
        Description: '',
        NetworkInterfaceId: 'eni-d834cdcf',
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.4.8.179' }],
        SubnetId: 'subnet-55061130',
        VpcId: 'vpc-c3c27aba',
        Groups: [{ GroupName: 'web-tier', GroupId: 'sg-d29623a3' }],
        OwnerId: '644160558196',
        TagSet: [],
        PrivateIpAddress: '10.4.8.179',
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:ec2:us-east-1:644160558196:network-interface/eni-d834cdcf',
        name: 'eni-d834cdcf',
        config: { Status: 'available', PrivateIpAddress: '10.4.8.179' },
      },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:network-interface/eni-d834cdcf',
          kind: 'uses-security-group',
          to: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-d29623a3',
        },
        {
          from: 'arn:aws:ec2:us-east-1:644160558196:network-interface/eni-d834cdcf',
          kind: 'in-subnet',
          to: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-55061130',
        },
      ],
    },
    {
      name: 'interface of an application load balancer, public IP',
      raw: {
        NetworkInterfaceId: 'eni-0lb',
        Description: 'ELB app/web-alb/50dc6c495c0c9188',
        InterfaceType: 'interface',
        Association: { PublicIp: '54.1.2.3' },
        TagSet: [{ Key: 'Name', Value: 'alb-eni' }],
      },
      expect: { name: 'alb-eni', tags: { Name: 'alb-eni' }, config: { Association: { PublicIp: '54.1.2.3' } } },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:network-interface/eni-0lb',
          kind: 'attached-to',
          to: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188',
        },
      ],
    },
  ],
});
