import { DescribeDocumentPermissionCommand, type DocumentIdentifier, paginateListDocuments } from '@aws-sdk/client-ssm';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, flatTags, itemsOf, record } from '../common.js';
import { ssm } from './ssm.js';

export default defineCollector<DocumentIdentifier>({
  id: 'aws-ssm-document',
  resourceType: 'aws.ssm.document',
  provider: 'aws',
  service: 'ssm',
  scope: 'regional',
  title: 'SSM documents owned by the account, with who they are shared with',
  permissions: ['ssm:ListDocuments'],
  triggers: ['CreateDocument', 'UpdateDocument', 'DeleteDocument', 'ModifyDocumentPermission'],
  list: (ctx) => itemsOf(paginateListDocuments({ client: ssm(ctx) }, { Filters: [{ Key: 'Owner', Values: ['Self'] }] }), (p) => p.DocumentIdentifiers),
  hydrate: {
    // AccountIds contains "all" when the document is public.
    permissions: {
      permissions: ['ssm:DescribeDocumentPermission'],
      async fetch(raw, ctx) {
        const r = await ssm(ctx).send(new DescribeDocumentPermissionCommand({ Name: raw.Name, PermissionType: 'Share' }));
        return { AccountIds: r.AccountIds ?? [], AccountSharingInfoList: r.AccountSharingInfoList ?? [] };
      },
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.ssm.document',
      id: arn(ctx, 'ssm', `document/${raw.Name}`),
      name: raw.Name,
      tags: flatTags(raw.Tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_get_ssm_documents_everyone_only (ListDocuments_1): shared with everyone.
      name: 'command document shared publicly',
      raw: {
        Name: 'Test-Document-1',
        Owner: 'xxxxxxxxxxxx',
        PlatformTypes: ['Windows', 'Linux', 'MacOS'],
        DocumentVersion: '1',
        DocumentType: 'Command',
        SchemaVersion: '2.2',
        DocumentFormat: 'JSON',
        Tags: [],
      },
      hydrated: { permissions: { AccountIds: ['all'], AccountSharingInfoList: [{ AccountId: 'all', SharedDocumentVersion: '$DEFAULT' }] } },
      expect: { id: 'arn:aws:ssm:us-east-1:123456789012:document/Test-Document-1', config: { permissions: { AccountIds: ['all'] } } },
    },
  ],
});
