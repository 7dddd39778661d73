import { type InstanceInformation, ListInventoryEntriesCommand, paginateDescribeInstanceInformation } from '@aws-sdk/client-ssm';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, ec2Arn, edges, idsFrom, itemsOf, record, tokenPages } from '../common.js';
import { ssm } from './ssm.js';

export default defineCollector<InstanceInformation>({
  id: 'aws-ssm-managed-instance',
  resourceType: 'aws.ssm.managed-instance',
  provider: 'aws',
  service: 'ssm',
  scope: 'regional',
  title: 'SSM managed instances with their application inventory',
  permissions: ['ssm:DescribeInstanceInformation'],
  triggers: ['RegisterManagedInstance', 'DeregisterManagedInstance', 'PutInventory', 'UpdateInstanceInformation'],
  list: (ctx) => itemsOf(paginateDescribeInstanceInformation({ client: ssm(ctx) }, {}), (p) => p.InstanceInformationList),
  refresh: (ids, ctx) =>
    itemsOf(
      paginateDescribeInstanceInformation(
        { client: ssm(ctx) },
        {
          Filters: [
            {
              Key: 'InstanceIds',
              Values: idsFrom(ids)
                .filter((i) => /^m?i-/.test(i))
                .slice(0, 50),
            },
          ],
        },
      ),
      (p) => p.InstanceInformationList,
    ),
  hydrate: {
    inventory: {
      permissions: ['ssm:ListInventoryEntries'],
      async fetch(raw, ctx) {
        const out: { Name?: string; Version?: string }[] = [];
        const pages = tokenPages(
          (NextToken) => ssm(ctx).send(new ListInventoryEntriesCommand({ InstanceId: raw.InstanceId, TypeName: 'AWS:Application', NextToken })),
          (p) => p.NextToken,
        );
        for await (const e of itemsOf(pages, (p) => p.Entries)) out.push({ Name: e.Name, Version: e.Version });
        return out;
      },
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = arn(ctx, 'ssm', `managed-instance/${raw.InstanceId}`);
    const resource = record(ctx, { type: 'aws.ssm.managed-instance', id, name: raw.ComputerName ?? raw.InstanceId, config: configOf(raw, hydrated) });
    // EC2 instances (i-…) are the same machine as an inventory EC2 resource; hybrid nodes (mi-…) are not.
    return { resource, edges: edges(id, 'is', [raw.InstanceId?.startsWith('i-') ? ec2Arn(ctx, 'instance', raw.InstanceId) : undefined]) };
  },
  fixtures: [
    {
      // Inventory entry from cloud-custodian test_ec2_ssm_inventory_filter (ListInventoryEntries_1).
      name: 'EC2 instance running docker 25.0.3',
      raw: {
        InstanceId: 'i-0a1b2c3d4e5f60001',
        PingStatus: 'Online',
        PlatformType: 'Linux',
        PlatformName: 'Amazon Linux',
        AgentVersion: '3.3.0.0',
        ComputerName: 'ip-10-20-1-20.ec2.internal',
        ResourceType: 'EC2Instance',
      },
      hydrated: { inventory: [{ Name: 'docker', Version: '25.0.3' }] },
      expect: {
        id: 'arn:aws:ssm:us-east-1:123456789012:managed-instance/i-0a1b2c3d4e5f60001',
        config: { PingStatus: 'Online', inventory: [{ Name: 'docker', Version: '25.0.3' }] },
      },
      expectEdges: [
        {
          from: 'arn:aws:ssm:us-east-1:123456789012:managed-instance/i-0a1b2c3d4e5f60001',
          kind: 'is',
          to: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60001',
        },
      ],
    },
  ],
});
