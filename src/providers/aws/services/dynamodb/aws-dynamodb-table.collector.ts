import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, paginateListTables, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, idsFrom, itemsOf, orNull, record } from '../common.js';

const ddb = (ctx: CollectContext) => ctx.client(DynamoDBClient);

async function* describe(ctx: CollectContext, names: AsyncIterable<string> | Iterable<string>): AsyncIterable<TableDescription> {
  for await (const TableName of names) {
    const t = await orNull(async () => (await ddb(ctx).send(new DescribeTableCommand({ TableName }))).Table);
    if (t) yield t;
  }
}

export default defineCollector<TableDescription>({
  id: 'aws-dynamodb-table',
  resourceType: 'aws.dynamodb.table',
  provider: 'aws',
  service: 'dynamodb',
  scope: 'regional',
  title: 'DynamoDB tables',
  permissions: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
  triggers: ['CreateTable', 'DeleteTable', 'UpdateTable', 'UpdateContinuousBackups', 'TagResource', 'UntagResource'],
  list: (ctx) =>
    describe(
      ctx,
      itemsOf(paginateListTables({ client: ddb(ctx) }, {}), (p) => p.TableNames),
    ),
  refresh: (ids, ctx) => describe(ctx, idsFrom(ids)),
  hydrate: {
    continuousBackups: {
      permissions: ['dynamodb:DescribeContinuousBackups'],
      // Every existing table has a backups description; TableNotFound means it was just deleted.
      goneWhenNotFound: true,
      fetch: async (raw, ctx) => (await ddb(ctx).send(new DescribeContinuousBackupsCommand({ TableName: raw.TableName }))).ContinuousBackupsDescription ?? null,
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.TableArn ?? '';
    const resource = record(ctx, { type: 'aws.dynamodb.table', id, name: raw.TableName, config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'encrypted-with', [raw.SSEDescription?.KMSMasterKeyArn]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_dynamodb_tag_filter (DescribeTable_1) and test_dynamodb_continuous_backup_filter.
      name: 'table without point-in-time recovery',
      raw: {
        TableArn: 'arn:aws:dynamodb:us-west-2:644160558196:table/rolltop',
        AttributeDefinitions: [{ AttributeName: 'customer_id', AttributeType: 'S' }],
        TableName: 'rolltop',
        TableStatus: 'ACTIVE',
        KeySchema: [{ KeyType: 'HASH', AttributeName: 'customer_id' }],
        ItemCount: 0,
        CreationDateTime: new Date('2016-06-26T07:20:39Z'),
      },
      hydrated: { continuousBackups: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } },
      context: { region: 'us-west-2' },
      expect: {
        id: 'arn:aws:dynamodb:us-west-2:644160558196:table/rolltop',
        name: 'rolltop',
        config: { TableStatus: 'ACTIVE', continuousBackups: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } },
      },
    },
  ],
});
