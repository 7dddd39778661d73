import { type DBSubnetGroup, paginateDescribeDBSubnetGroups } from '@aws-sdk/client-rds';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, collectAll, configOf, ec2Arn, edges, itemsOf, lastSegment, orNull, record } from '../common.js';
import { RDS_TAG_TRIGGERS, rds } from './rds.js';

const describe = (ctx: CollectContext, name?: string) =>
  itemsOf(paginateDescribeDBSubnetGroups({ client: rds(ctx) }, name ? { DBSubnetGroupName: name } : {}), (p) => p.DBSubnetGroups);

export default defineCollector<DBSubnetGroup>({
  id: 'aws-rds-db-subnet-group',
  resourceType: 'aws.rds.db-subnet-group',
  provider: 'aws',
  service: 'rds',
  scope: 'regional',
  title: 'RDS DB subnet groups',
  permissions: ['rds:DescribeDBSubnetGroups'],
  triggers: ['CreateDBSubnetGroup', 'ModifyDBSubnetGroup', 'DeleteDBSubnetGroup', ...RDS_TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  async *refresh(ids, ctx) {
    // The API filters by one name at a time; an ARN's last segment (`…:subgrp:<name>`) is the name.
    for (const id of new Set(ids.map((i) => (i.startsWith('arn:') ? i.split(':subgrp:')[1] : lastSegment(i))))) {
      if (!id || !/^[\w. -]+$/.test(id)) continue;
      yield* (await orNull(() => collectAll(describe(ctx, id)), ['DBSubnetGroupNotFoundFault'])) ?? [];
    }
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.DBSubnetGroupArn ?? arn(ctx, 'rds', `subgrp:${raw.DBSubnetGroupName}`);
    const resource = record(ctx, { type: 'aws.rds.db-subnet-group', id, name: raw.DBSubnetGroupName, tags: {}, config: configOf(raw, hydrated) });
    return {
      resource,
      edges: [
        ...edges(
          id,
          'in-subnet',
          (raw.Subnets ?? []).map((s) => s.SubnetIdentifier && ec2Arn(ctx, 'subnet', s.SubnetIdentifier)),
        ),
        ...edges(id, 'in-vpc', [raw.VpcId && ec2Arn(ctx, 'vpc', raw.VpcId)]),
      ],
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_rdscluster_subnet (DescribeDBSubnetGroups_1), trimmed to two subnets.
      name: 'subnet group in two subnets of one VPC',
      raw: {
        DBSubnetGroupName: 'default',
        DBSubnetGroupDescription: 'default',
        VpcId: 'vpc-4a9ff72e',
        SubnetGroupStatus: 'Complete',
        Subnets: [
          { SubnetIdentifier: 'subnet-15452171', SubnetAvailabilityZone: { Name: 'us-west-2a' }, SubnetStatus: 'Active' },
          { SubnetIdentifier: 'subnet-63c97615', SubnetAvailabilityZone: { Name: 'us-west-2b' }, SubnetStatus: 'Active' },
        ],
      },
      context: { account: '644160558196', region: 'us-west-2' },
      expect: { id: 'arn:aws:rds:us-west-2:644160558196:subgrp:default', name: 'default', config: { VpcId: 'vpc-4a9ff72e' } },
      expectEdges: [
        { from: 'arn:aws:rds:us-west-2:644160558196:subgrp:default', kind: 'in-subnet', to: 'arn:aws:ec2:us-west-2:644160558196:subnet/subnet-15452171' },
        { from: 'arn:aws:rds:us-west-2:644160558196:subgrp:default', kind: 'in-subnet', to: 'arn:aws:ec2:us-west-2:644160558196:subnet/subnet-63c97615' },
        { from: 'arn:aws:rds:us-west-2:644160558196:subgrp:default', kind: 'in-vpc', to: 'arn:aws:ec2:us-west-2:644160558196:vpc/vpc-4a9ff72e' },
      ],
    },
  ],
});
