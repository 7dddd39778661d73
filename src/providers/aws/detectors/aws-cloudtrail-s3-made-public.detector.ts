import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, type Ev, param, policyDoc, statements, succeeded } from './common.js';

/** The calls `publicReason` reads (bucket- and account-level names, as CloudTrail gives them). */
const PUBLIC_ACTIONS = [
  'DeletePublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
  'PutPublicAccessBlock',
  'PutBucketPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'PutBucketAcl',
  'PutBucketPolicy',
];
const PUBLIC_GROUPS = /AllUsers|AuthenticatedUsers/;

function publicReason(e: Ev): string | undefined {
  switch (e.action) {
    // CloudTrail names the bucket-level calls DeleteBucketPublicAccessBlock / PutBucketPublicAccessBlock.
    case 'DeletePublicAccessBlock':
    case 'DeleteBucketPublicAccessBlock':
    case 'DeleteAccountPublicAccessBlock':
      return 'block public access removed';
    case 'PutPublicAccessBlock':
    case 'PutBucketPublicAccessBlock':
    case 'PutAccountPublicAccessBlock': {
      const c = (param(e, 'PublicAccessBlockConfiguration') ?? param(e, 'publicAccessBlock')) as Record<string, unknown> | undefined;
      if (!c) return undefined;
      const off = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].filter((k) => c[k] === false);
      return off.length ? `block public access settings turned off: ${off.join(', ')}` : undefined;
    }
    case 'PutBucketAcl': {
      // CloudTrail records the canned ACL header as a list (`"x-amz-acl": ["public-read"]`).
      const acl = asList(param(e, 'x-amz-acl')).map(String).join(',');
      if (/public-read|authenticated-read/.test(acl)) return `canned ACL ${acl}`;
      return PUBLIC_GROUPS.test(JSON.stringify(param(e, 'AccessControlPolicy') ?? {})) ? 'ACL grants AllUsers/AuthenticatedUsers' : undefined;
    }
    case 'PutBucketPolicy': {
      const doc = policyDoc(param(e, 'bucketPolicy') ?? param(e, 'policy'));
      const open = statements(doc).some((s) => {
        if (s.Effect !== 'Allow' || s.Condition) return false;
        const p = s.Principal;
        return p === '*' || asList((p as Record<string, unknown> | undefined)?.AWS).includes('*');
      });
      return open ? 'bucket policy allows Principal "*" without conditions' : undefined;
    }
    default:
      return undefined;
  }
}

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-s3-made-public',
  title: 'S3 block public access disabled or bucket made public',
  description:
    'S3 block public access removed or turned off (bucket or account), a public canned ACL or AllUsers grant, or a bucket policy that allows anyone.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1530', 'T1562'],
  actions: ['s3', 's3-control'].flatMap((s) => PUBLIC_ACTIONS.map((a) => `${s}:${a}`)),
  logic: {
    kind: 'match',
    match: (e) => {
      if (!succeeded(e) || (e.service !== 's3' && e.service !== 's3-control')) return false;
      const reason = publicReason(e);
      return reason ? { details: { reason } } : false;
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'bucket BPA deleted',
        events: [ct({ eventSource: 's3.amazonaws.com', eventName: 'DeletePublicAccessBlock', requestParameters: { bucketName: 'acme-customer-exports' } })],
      },
      {
        name: 'public-read ACL',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'PutBucketAcl',
            requestParameters: { bucketName: 'acme-public-assets', 'x-amz-acl': ['public-read'] },
          }),
        ],
      },
      {
        name: 'policy with Principal *',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'PutBucketPolicy',
            requestParameters: {
              bucketName: 'acme-customer-exports',
              bucketPolicy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-customer-exports/*' }],
              },
            },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'BPA fully on',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'PutPublicAccessBlock',
            requestParameters: {
              bucketName: 'b',
              PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            },
          }),
        ],
      },
      {
        name: 'policy limited to the org',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'PutBucketPolicy',
            requestParameters: {
              bucketName: 'b',
              bucketPolicy: {
                Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-acme0demo1' } } }],
              },
            },
          }),
        ],
      },
    ],
  },
});
