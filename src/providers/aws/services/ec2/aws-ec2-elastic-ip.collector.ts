import { type Address, DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2Arn, edges } from '../common.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

/** DescribeAddresses is not paginated: one call returns every address of the region. */
async function* describe(ctx: CollectContext, ids?: readonly string[]) {
  const r = await ec2(ctx).send(new DescribeAddressesCommand(ids ? { Filters: idFilter('allocation-id', ids) } : {}));
  yield* r.Addresses ?? [];
}

export default defineCollector<Address>({
  id: 'aws-ec2-elastic-ip',
  resourceType: 'aws.ec2.elastic-ip',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Elastic IP addresses',
  permissions: ['ec2:DescribeAddresses'],
  triggers: ['AllocateAddress', 'ReleaseAddress', 'AssociateAddress', 'DisassociateAddress', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    const resource = ec2Record(ctx, 'aws.ec2.elastic-ip', 'elastic-ip', raw.AllocationId ?? raw.PublicIp ?? '', raw, hydrated);
    if (!resource.tags.Name && raw.PublicIp) resource.name = raw.PublicIp;
    const to = raw.InstanceId ? ec2Arn(ctx, 'instance', raw.InstanceId) : raw.NetworkInterfaceId && ec2Arn(ctx, 'network-interface', raw.NetworkInterfaceId);
    return { resource, edges: edges(resource.id, 'attached-to', [to]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_eip_shield_sync_2 (ec2.DescribeAddresses_2.json).
      name: 'unassociated address',
      raw: {
        AllocationId: 'eipalloc-09e3d67a5ace5469f',
        Domain: 'vpc',
        Tags: [{ Key: 'c7n-test', Value: 'unprotected' }],
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: 'us-east-1',
        PublicIp: '3.230.55.239',
      },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:elastic-ip/eipalloc-09e3d67a5ace5469f', name: '3.230.55.239', tags: { 'c7n-test': 'unprotected' } },
      expectEdges: [],
    },
    {
      name: 'address on an instance',
      raw: { AllocationId: 'eipalloc-1', PublicIp: '54.210.10.20', InstanceId: 'i-0a1b2c3d4e5f60001', NetworkInterfaceId: 'eni-0a1b2c3d4e5f60001' },
      expect: { name: '54.210.10.20' },
      expectEdges: [
        {
          from: 'arn:aws:ec2:us-east-1:123456789012:elastic-ip/eipalloc-1',
          kind: 'attached-to',
          to: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60001',
        },
      ],
    },
  ],
});
