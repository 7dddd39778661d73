import { paginateListServerCertificates, type ServerCertificateMetadata } from '@aws-sdk/client-iam';
import { defineCollector } from '../../../../core/units/collector.js';
import { itemsOf } from '../common.js';
import { iam, iamRecord } from './iam.js';

export default defineCollector<ServerCertificateMetadata>({
  id: 'aws-iam-server-certificate',
  resourceType: 'aws.iam.server-certificate',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM server certificates',
  permissions: ['iam:ListServerCertificates'],
  triggers: ['UploadServerCertificate', 'UpdateServerCertificate', 'DeleteServerCertificate'],
  list: (ctx) => itemsOf(paginateListServerCertificates({ client: iam(ctx) }, {}), (p) => p.ServerCertificateMetadataList),
  toResource: (raw, hydrated, ctx) => ({ resource: iamRecord(ctx, 'aws.iam.server-certificate', raw, raw.ServerCertificateName, hydrated) }),
  fixtures: [
    {
      name: 'expired certificate',
      raw: {
        Path: '/cloudfront/',
        ServerCertificateName: 'legacy-www',
        ServerCertificateId: 'ASCACKCEVSQ6C2EXAMPLE',
        Arn: 'arn:aws:iam::123456789012:server-certificate/cloudfront/legacy-www',
        UploadDate: new Date('2019-01-01T00:00:00Z'),
        Expiration: new Date('2020-01-01T00:00:00Z'),
      },
      expect: {
        id: 'arn:aws:iam::123456789012:server-certificate/cloudfront/legacy-www',
        name: 'legacy-www',
        config: { Expiration: '2020-01-01T00:00:00.000Z' },
      },
    },
  ],
});
