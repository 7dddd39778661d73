import { GetOpenIDConnectProviderCommand, type GetOpenIDConnectProviderResponse, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { orNull } from '../common.js';
import { iam, iamRecord } from './iam.js';

/** The list call names only ARNs; the provider's URL, audiences and thumbprints come from a Get. */
export type OidcProvider = Omit<GetOpenIDConnectProviderResponse, '$metadata'> & { Arn: string };

export default defineCollector<OidcProvider>({
  id: 'aws-iam-oidc-provider',
  resourceType: 'aws.iam.oidc-provider',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM OpenID Connect providers',
  permissions: ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider'],
  triggers: ['CreateOpenIDConnectProvider', 'DeleteOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint', 'AddClientIDToOpenIDConnectProvider'],
  async *list(ctx) {
    for (const p of (await iam(ctx).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []) {
      const r = await orNull(() => iam(ctx).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn })));
      if (r && p.Arn) {
        const { $metadata: _, ...item } = r;
        yield { ...item, Arn: p.Arn };
      }
    }
  },
  toResource: (raw, hydrated, ctx) => ({ resource: iamRecord(ctx, 'aws.iam.oidc-provider', raw, raw.Url, { tags: raw.Tags, ...hydrated }) }),
  fixtures: [
    {
      name: 'GitHub Actions provider',
      raw: {
        Arn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        Url: 'token.actions.githubusercontent.com',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      },
      expect: { name: 'token.actions.githubusercontent.com', region: 'global', config: { ClientIDList: ['sts.amazonaws.com'] } },
    },
  ],
});
