import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, missingHydrated } from '../../../checks-common.js';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export const allBlocked = (c: Cfg | null | undefined) => !!c && FLAGS.every((f) => c[f] === true);
const ACCOUNT = 'aws.s3.account-public-access-block';

export default defineCheck({
  id: 'aws-s3-bucket-public-access-blocked',
  title: 'S3 bucket has Block Public Access enabled (bucket or account level)',
  description: 'Graph check: passes when the bucket sets all four Block Public Access flags, or the account-level setting does.',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'high',
  scope: 'graph',
  risk: 'Without Block Public Access, one careless ACL or bucket policy makes the data public; the guard rail is what stops the mistake.',
  remediation: {
    text: 'Turn on all four Block Public Access settings for the bucket, or better for the whole account (aws s3control put-public-access-block).',
  },
  compliance: [cis('2.1.4'), nist('AC-3'), nist('AC-21'), nist('SC-7'), pci('1.4.4'), pci('7.2.1')],
  needs: ['publicAccessBlock'],
  evaluate(r, ctx) {
    const account = ctx.graph.byType(ACCOUNT, { account: r.account }).find((a) => allBlocked(a.config as Cfg));
    if (account) return pass({ via: 'account' });
    const missing = missingHydrated(r, ['publicAccessBlock']);
    if (missing) return missing;
    const pab = r.config.publicAccessBlock as Cfg | null;
    return allBlocked(pab) ? pass({ via: 'bucket' }) : fail('Block Public Access is not fully enabled on the bucket or the account', { bucket: pab ?? null });
  },
  fixtures: [
    fx(
      'bucket blocks all',
      { Name: 'b', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      'pass',
    ),
    fx(
      'bucket blocks some',
      { Name: 'b', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } },
      'fail',
    ),
    fx('no block configured', { Name: 'b', publicAccessBlock: null }, 'fail'),
    {
      name: 'account-level block covers the bucket',
      resource: { config: { Name: 'b', publicAccessBlock: null } },
      related: {
        resources: [
          {
            id: 'arn:aws:s3:::account/123456789012/public-access-block',
            type: ACCOUNT,
            provider: 'aws',
            account: '123456789012',
            region: 'global',
            name: 'account',
            tags: {},
            config: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          },
        ],
      },
      expect: 'pass',
    },
    fx('setting unreadable', { Name: 'b', _errors: { publicAccessBlock: 'access-denied' } }, 'error'),
  ],
});
