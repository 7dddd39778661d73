import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated, publicStatements } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-policy-not-public',
  title: 'S3 bucket policy does not make the bucket public',
  description:
    'Fails when the bucket policy allows Principal "*" without a narrowing condition (or S3 reports the policy public), unless RestrictPublicBuckets neutralises it.',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'critical',
  risk: 'Anyone on the internet can use the actions the policy grants: reading, listing or overwriting the objects.',
  remediation: {
    text: 'Remove the Principal "*" statements (or narrow them with aws:PrincipalOrgID / aws:SourceVpce conditions) and enable Block Public Access.',
  },
  compliance: [nist('AC-3'), nist('AC-22'), nist('AC-21'), pci('1.4.4'), pci('7.2.1')],
  needs: ['policy', 'policyStatus', 'publicAccessBlock'],
  evaluate(r) {
    const missing = missingHydrated(r, ['policy']);
    if (missing) return missing;
    if (r.config.publicAccessBlock?.RestrictPublicBuckets === true) return pass({ neutralisedBy: 'RestrictPublicBuckets' });
    const open = publicStatements(r.config.policy);
    const reported = r.config.policyStatus?.IsPublic === true;
    // Public on paper; whether Block Public Access neutralises it must be known before calling it a fail.
    if (open.length || reported) {
      const unknown = missingHydrated(r, ['publicAccessBlock']);
      if (unknown) return unknown;
    }
    return open.length || reported ? fail('bucket policy grants access to anyone', { statements: open, policyStatusIsPublic: reported }) : pass();
  },
  fixtures: [
    fx('no policy', { policy: null, policyStatus: null, publicAccessBlock: null }, 'pass'),
    fx(
      'public read policy',
      {
        policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
        policyStatus: { IsPublic: true },
        publicAccessBlock: null,
      },
      'fail',
    ),
    fx(
      'public policy neutralised by RestrictPublicBuckets',
      {
        policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
        publicAccessBlock: { RestrictPublicBuckets: true },
      },
      'pass',
    ),
    fx(
      'VPC endpoint only',
      {
        policy: {
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
        },
      },
      'pass',
    ),
    fx('policy unreadable', { _errors: { policy: 'access-denied' } }, 'error'),
    fx(
      'public policy, Block Public Access unreadable',
      { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }, _errors: { publicAccessBlock: 'access-denied' } },
      'error',
    ),
  ],
});
