import {
  DescribeHubCommand,
  type DescribeHubCommandOutput,
  type DescribeHubResponse,
  paginateGetEnabledStandards,
  SecurityHubClient,
  type StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { awsErrorCode } from '../../errors.js';
import { collectAll, configOf, itemsOf, record } from '../common.js';

const sh = (ctx: CollectContext) => ctx.client(SecurityHubClient);

export type Hub = DescribeHubResponse & { standards: StandardsSubscription[] };

/** Security Hub not enabled in a region answers InvalidAccessException: no hub resource there. */
async function* read(ctx: CollectContext): AsyncIterable<Hub> {
  let hub: DescribeHubCommandOutput;
  try {
    hub = await sh(ctx).send(new DescribeHubCommand({}));
  } catch (err) {
    if (['InvalidAccessException', 'ResourceNotFoundException'].includes(awsErrorCode(err))) return;
    throw err;
  }
  const { $metadata: _, ...item } = hub;
  const standards = await collectAll(itemsOf(paginateGetEnabledStandards({ client: sh(ctx) }, {}), (p) => p.StandardsSubscriptions));
  yield { ...item, standards };
}

export default defineCollector<Hub>({
  id: 'aws-securityhub-hub',
  resourceType: 'aws.securityhub.hub',
  provider: 'aws',
  service: 'securityhub',
  scope: 'regional',
  title: 'Security Hub (per region) with enabled standards',
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  triggers: ['EnableSecurityHub', 'DisableSecurityHub', 'BatchEnableStandards', 'BatchDisableStandards'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.securityhub.hub',
      id: raw.HubArn ?? `arn:${ctx.partition}:securityhub:${ctx.region}:${ctx.account}:hub/default`,
      name: 'default',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // Hub ARN from cloud-custodian test_security_hub_master_filter (DescribeHub_1).
      name: 'hub with CIS enabled',
      raw: {
        HubArn: 'arn:aws:securityhub:us-east-1:644160558196:hub/default',
        SubscribedAt: '2020-01-01T00:00:00.000Z',
        AutoEnableControls: true,
        standards: [
          {
            StandardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
            StandardsSubscriptionArn: 'arn:aws:securityhub:us-east-1:644160558196:subscription/cis-aws-foundations-benchmark/v/1.2.0',
            StandardsInput: {},
            StandardsStatus: 'READY',
          },
        ],
      },
      expect: { id: 'arn:aws:securityhub:us-east-1:644160558196:hub/default', config: { standards: [{ StandardsStatus: 'READY' }] } },
    },
  ],
});
