import { ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Attr = { AttributeName?: string; AttributeValues?: string[] };

export default defineRemediation<{ DBSnapshotIdentifier?: string; attributes?: Attr[] }>({
  id: 'aws-rds-db-snapshot-make-private',
  title: 'Make a public RDS snapshot private',
  resourceType: 'aws.rds.db-snapshot',
  fixes: ['aws-rds-db-snapshot-not-public'],
  permissions: ['rds:ModifyDBSnapshotAttribute', 'rds:DescribeDBSnapshotAttributes'],
  impact: 'Other AWS accounts can no longer restore this snapshot; explicit shares with named accounts stay.',
  plan(r) {
    const restore = (r.config.attributes ?? []).find((a) => a.AttributeName === 'restore');
    if (!restore?.AttributeValues?.includes('all')) return null;
    return {
      remediationId: 'aws-rds-db-snapshot-make-private',
      resourceId: r.id,
      summary: `remove public restore from ${r.config.DBSnapshotIdentifier}`,
      changes: [{ field: 'attributes.restore', before: restore.AttributeValues, after: restore.AttributeValues.filter((v) => v !== 'all') }],
      data: { id: r.config.DBSnapshotIdentifier ?? r.name },
    };
  },
  async apply(plan, ctx) {
    await ctx
      .client(RDSClient)
      .send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: String(plan.data.id), AttributeName: 'restore', ValuesToRemove: ['all'] }));
  },
  async rollback(plan, ctx) {
    await ctx
      .client(RDSClient)
      .send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: String(plan.data.id), AttributeName: 'restore', ValuesToAdd: ['all'] }));
  },
  fixtures: [
    {
      name: 'restore: all',
      resource: { config: { DBSnapshotIdentifier: 'orders-final', attributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] } },
      expectChanges: 1,
    },
    {
      name: 'private',
      resource: { config: { DBSnapshotIdentifier: 'orders-final', attributes: [{ AttributeName: 'restore', AttributeValues: [] }] } },
      expectChanges: 0,
    },
  ],
});
