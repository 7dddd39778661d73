import {
  GetDetectorCommand,
  type GetDetectorResponse,
  GuardDutyClient,
  ListOrganizationAdminAccountsCommand,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, flatTags, itemsOf, orNull, record } from '../common.js';

const gd = (ctx: CollectContext) => ctx.client(GuardDutyClient);

export type Detector = Omit<GetDetectorResponse, '$metadata'> & { DetectorId: string };

/** A region without a detector yields no resource: "GuardDuty is off here" is what the check sees. */
async function* read(ctx: CollectContext): AsyncIterable<Detector> {
  for await (const DetectorId of itemsOf(paginateListDetectors({ client: gd(ctx) }, {}), (p) => p.DetectorIds)) {
    const { $metadata: _, ...d } = await gd(ctx).send(new GetDetectorCommand({ DetectorId }));
    yield { ...d, DetectorId };
  }
}

export default defineCollector<Detector>({
  id: 'aws-guardduty-detector',
  resourceType: 'aws.guardduty.detector',
  provider: 'aws',
  service: 'guardduty',
  scope: 'regional',
  title: 'GuardDuty detectors',
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  triggers: ['CreateDetector', 'DeleteDetector', 'UpdateDetector', 'EnableOrganizationAdminAccount', 'DisableOrganizationAdminAccount'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  hydrate: {
    // Only the organisation's management account may ask; elsewhere AWS answers BadRequest (stored as null).
    organizationAdmin: {
      permissions: ['guardduty:ListOrganizationAdminAccounts'],
      fetch: (_raw, ctx) => orNull(async () => (await gd(ctx).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts ?? [], ['BadRequestException']),
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.guardduty.detector',
      id: arn(ctx, 'guardduty', `detector/${raw.DetectorId}`),
      name: raw.DetectorId,
      tags: flatTags(raw.Tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_account_guard_duty_filter (ListDetectors_1, GetDetector_1).
      name: 'enabled detector',
      raw: {
        DetectorId: '06b01209ca77b0865dd973df0355fc1e',
        Status: 'ENABLED',
        ServiceRole: 'arn:aws:iam::644160558196:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
      },
      expect: { id: 'arn:aws:guardduty:us-east-1:123456789012:detector/06b01209ca77b0865dd973df0355fc1e', config: { Status: 'ENABLED' } },
    },
  ],
});
