import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, asArray, missingHydrated } from '../../../checks-common.js';

const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

export default defineCheck({
  id: 'aws-s3-bucket-acl-not-public',
  title: 'S3 bucket ACL grants nothing to AllUsers or AuthenticatedUsers',
  description: 'Fails on ACL grants to the AllUsers or AuthenticatedUsers groups, unless IgnorePublicAcls neutralises them.',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'critical',
  risk: 'An ACL grant to AllUsers (anyone) or AuthenticatedUsers (any AWS account) exposes the bucket listing or its objects to the internet.',
  remediation: { text: 'Remove the public grants, set Object Ownership to BucketOwnerEnforced (ACLs disabled) and enable Block Public Access.' },
  compliance: [nist('AC-3'), nist('AC-22'), pci('1.4.4'), pci('7.2.1')],
  needs: ['acl', 'publicAccessBlock'],
  evaluate(r) {
    const missing = missingHydrated(r, ['acl']);
    if (missing) return missing;
    const grants = asArray(r.config.acl?.Grants as Cfg[]).filter((g) => PUBLIC_GROUPS.includes(String(g.Grantee?.URI)));
    if (!grants.length) return pass();
    const unknown = missingHydrated(r, ['publicAccessBlock']);
    if (unknown) return unknown;
    if (r.config.publicAccessBlock?.IgnorePublicAcls === true) return pass({ neutralisedBy: 'IgnorePublicAcls' });
    return fail(`ACL grants ${grants.map((g) => g.Permission).join(', ')} to everyone`, { grants });
  },
  fixtures: [
    fx('owner only', { acl: { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' }] }, publicAccessBlock: null }, 'pass'),
    fx(
      'public read',
      {
        acl: { Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
        publicAccessBlock: null,
      },
      'fail',
    ),
    fx(
      'any AWS user',
      {
        acl: { Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'WRITE' }] },
        publicAccessBlock: {},
      },
      'fail',
    ),
    fx(
      'public grant ignored',
      {
        acl: { Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
        publicAccessBlock: { IgnorePublicAcls: true },
      },
      'pass',
    ),
    fx('ACL unreadable', { _errors: { acl: 'access-denied' } }, 'error'),
    fx(
      'public grant, Block Public Access unreadable',
      {
        acl: { Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
        _errors: { publicAccessBlock: 'access-denied' },
      },
      'error',
    ),
  ],
});
