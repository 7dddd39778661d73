import { ListSAMLProvidersCommand, type SAMLProviderListEntry } from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { lastSegment } from '../common.js';
import { iam, iamRecord } from './iam.js';

export default defineCollector<SAMLProviderListEntry>({
  id: 'aws-iam-saml-provider',
  resourceType: 'aws.iam.saml-provider',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM SAML providers',
  permissions: ['iam:ListSAMLProviders'],
  triggers: ['CreateSAMLProvider', 'UpdateSAMLProvider', 'DeleteSAMLProvider'],
  async *list(ctx) {
    yield* (await iam(ctx).send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
  },
  toResource: (raw, hydrated, ctx) => ({ resource: iamRecord(ctx, 'aws.iam.saml-provider', raw, lastSegment(raw.Arn ?? ''), hydrated) }),
  fixtures: [
    {
      name: 'Okta SAML provider',
      raw: { Arn: 'arn:aws:iam::123456789012:saml-provider/okta', ValidUntil: new Date('2114-01-01T00:00:00Z'), CreateDate: new Date('2023-05-02T10:00:00Z') },
      expect: { id: 'arn:aws:iam::123456789012:saml-provider/okta', name: 'okta', region: 'global', config: { ValidUntil: '2114-01-01T00:00:00.000Z' } },
    },
  ],
});
