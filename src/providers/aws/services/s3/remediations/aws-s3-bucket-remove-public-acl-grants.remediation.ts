import { PutBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Grant = { Grantee?: { Type?: string; URI?: string; ID?: string; DisplayName?: string }; Permission?: string };
type Acl = { Owner?: { ID?: string; DisplayName?: string }; Grants?: Grant[] };
const PUBLIC = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
const isPublic = (g: Grant) => PUBLIC.includes(g.Grantee?.URI ?? '');

export default defineRemediation<{ Name?: string; acl?: Acl }>({
  id: 'aws-s3-bucket-remove-public-acl-grants',
  title: 'Remove ACL grants to AllUsers and AuthenticatedUsers from the bucket',
  resourceType: 'aws.s3.bucket',
  fixes: ['aws-s3-bucket-acl-not-public'],
  permissions: ['s3:PutBucketAcl', 's3:GetBucketAcl'],
  impact: 'Anonymous and any-AWS-account access granted through the bucket ACL stops; other grants stay.',
  plan(r) {
    const grants = r.config.acl?.Grants ?? [];
    const pub = grants.filter(isPublic);
    if (!pub.length) return null;
    return {
      remediationId: 'aws-s3-bucket-remove-public-acl-grants',
      resourceId: r.id,
      summary: `remove ${pub.length} public ACL grant(s) from ${r.config.Name ?? r.name}`,
      changes: pub.map((g) => ({ field: `acl.Grants[${g.Grantee?.URI?.split('/').pop()}:${g.Permission}]`, before: g.Permission, after: null })),
      data: { bucket: r.config.Name ?? r.name, owner: r.config.acl?.Owner ?? null, grants, keep: grants.filter((g) => !isPublic(g)) },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(S3Client).send(
      new PutBucketAclCommand({
        Bucket: String(plan.data.bucket),
        AccessControlPolicy: { Owner: plan.data.owner as Acl['Owner'], Grants: plan.data.keep as Grant[] } as never,
      }),
    );
  },
  async rollback(plan, ctx) {
    await ctx.client(S3Client).send(
      new PutBucketAclCommand({
        Bucket: String(plan.data.bucket),
        AccessControlPolicy: { Owner: plan.data.owner as Acl['Owner'], Grants: plan.data.grants as Grant[] } as never,
      }),
    );
  },
  fixtures: [
    {
      name: 'AllUsers READ',
      resource: {
        config: {
          Name: 'b',
          acl: {
            Owner: { ID: 'o' },
            Grants: [
              { Grantee: { Type: 'CanonicalUser', ID: 'o' }, Permission: 'FULL_CONTROL' },
              { Grantee: { Type: 'Group', URI: PUBLIC[0] }, Permission: 'READ' },
            ],
          },
        },
      },
      expectChanges: 1,
    },
    {
      name: 'owner only',
      resource: { config: { Name: 'b', acl: { Owner: { ID: 'o' }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'o' }, Permission: 'FULL_CONTROL' }] } } },
      expectChanges: 0,
    },
  ],
});
