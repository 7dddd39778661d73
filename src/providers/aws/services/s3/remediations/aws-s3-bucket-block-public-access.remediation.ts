import { DeletePublicAccessBlockCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Pab = { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
const KEYS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export default defineRemediation<{ Name?: string; publicAccessBlock?: Pab | null }>({
  id: 'aws-s3-bucket-block-public-access',
  title: 'Turn on all four S3 Block Public Access settings on the bucket',
  resourceType: 'aws.s3.bucket',
  fixes: ['aws-s3-bucket-public-access-blocked', 'aws-s3-bucket-policy-not-public'],
  permissions: ['s3:PutBucketPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
  impact: 'Public ACLs and bucket policies stop granting access: anything served publicly from this bucket (a static site, public downloads) stops working.',
  plan(r) {
    const cur = r.config.publicAccessBlock ?? {};
    const changes = KEYS.filter((k) => cur[k] !== true).map((k) => ({ field: `publicAccessBlock.${k}`, before: cur[k] ?? false, after: true }));
    if (!changes.length) return null;
    return {
      remediationId: 'aws-s3-bucket-block-public-access',
      resourceId: r.id,
      summary: `block public access on bucket ${r.config.Name ?? r.name}`,
      changes,
      data: { bucket: r.config.Name ?? r.name, previous: r.config.publicAccessBlock ?? null },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(S3Client).send(
      new PutPublicAccessBlockCommand({
        Bucket: String(plan.data.bucket),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
  },
  async rollback(plan, ctx) {
    const prev = plan.data.previous as Pab | null;
    if (!prev) await ctx.client(S3Client).send(new DeletePublicAccessBlockCommand({ Bucket: String(plan.data.bucket) }));
    else await ctx.client(S3Client).send(new PutPublicAccessBlockCommand({ Bucket: String(plan.data.bucket), PublicAccessBlockConfiguration: prev }));
  },
  fixtures: [
    { name: 'no public access block at all', resource: { config: { Name: 'b', publicAccessBlock: null } }, expectChanges: 4 },
    {
      name: 'policy blocking off',
      resource: {
        config: { Name: 'b', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } },
      },
      expectChanges: 1,
    },
    {
      name: 'already blocked',
      resource: {
        config: { Name: 'b', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      },
      expectChanges: 0,
    },
  ],
});
