import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Statement, asArray, missingHydrated, principalIsAnyone, statementCovers, statements } from '../../../checks-common.js';

/** A Deny for everyone on object reads or writes when aws:SecureTransport is false (or TLS is below 1.2). */
function deniesPlainHttp(s: Statement): boolean {
  if (s.Effect !== 'Deny' || !principalIsAnyone(s.Principal) || !(statementCovers(s, 's3:GetObject') || statementCovers(s, 's3:PutObject'))) return false;
  return Object.entries(s.Condition ?? {}).some(([op, block]) =>
    Object.entries(block ?? {}).some(
      ([k, v]) =>
        (/^Bool(IfExists)?$/.test(op) &&
          k.toLowerCase() === 'aws:securetransport' &&
          asArray(v as string)
            .map(String)
            .includes('false')) ||
        (/^NumericLessThan$/.test(op) && k.toLowerCase() === 's3:tlsversion'),
    ),
  );
}

export default defineCheck({
  id: 'aws-s3-bucket-secure-transport-required',
  title: 'S3 bucket policy denies requests over plain HTTP',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'medium',
  risk: 'Without a deny on aws:SecureTransport=false, clients can read and write objects over unencrypted HTTP, exposing data and credentials in transit.',
  remediation: {
    text: 'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource bucket and bucket/*, Condition Bool aws:SecureTransport "false".',
  },
  compliance: [cis('2.1.1'), nist('SC-8'), nist('SC-8(1)'), nist('AC-17(2)'), pci('4.2.1')],
  needs: ['policy'],
  evaluate(r) {
    const missing = missingHydrated(r, ['policy']);
    if (missing) return missing;
    return statements(r.config.policy).some(deniesPlainHttp) ? pass() : fail('bucket policy does not deny plain-HTTP requests');
  },
  fixtures: [
    fx(
      'denies insecure transport',
      {
        policy: {
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
      'pass',
    ),
    fx(
      'requires TLS 1.2',
      {
        policy: {
          Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }],
        },
      },
      'pass',
    ),
    fx('no bucket policy', { policy: null }, 'fail'),
    fx(
      'deny covers only bucket-level actions',
      {
        policy: {
          Statement: [
            { Effect: 'Deny', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ],
        },
      },
      'fail',
    ),
    fx(
      'policy without the deny',
      { policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' }] } },
      'fail',
    ),
    fx('policy unreadable', { _errors: { policy: 'access-denied' } }, 'error'),
  ],
});
