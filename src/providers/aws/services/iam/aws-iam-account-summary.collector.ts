import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, record } from '../common.js';
import { iam, iamArn } from './iam.js';

type SummaryMap = Record<string, number>;

async function* read(ctx: CollectContext): AsyncIterable<SummaryMap> {
  yield ((await iam(ctx).send(new GetAccountSummaryCommand({}))).SummaryMap ?? {}) as SummaryMap;
}

export default defineCollector<SummaryMap>({
  id: 'aws-iam-account-summary',
  resourceType: 'aws.iam.account-summary',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM account summary (root MFA, root keys, counts)',
  permissions: ['iam:GetAccountSummary'],
  triggers: ['EnableMFADevice', 'DeactivateMFADevice', 'CreateAccessKey', 'DeleteAccessKey'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.iam.account-summary',
      id: iamArn(ctx, 'account-summary'),
      name: `account summary ${ctx.account}`,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // Excerpt of cloud-custodian test_set_security_token_service_preferences (GetAccountSummary_1).
      name: 'root has MFA and no access keys',
      raw: {
        AccountMFAEnabled: 1,
        AccountAccessKeysPresent: 0,
        AccountPasswordPresent: 1,
        Users: 20,
        Roles: 284,
        MFADevices: 5,
        MFADevicesInUse: 4,
        GlobalEndpointTokenVersion: 2,
      },
      expect: { id: 'arn:aws:iam::123456789012:account-summary', region: 'global', config: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } },
    },
  ],
});
