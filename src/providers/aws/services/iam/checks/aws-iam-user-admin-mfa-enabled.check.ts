import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { adminGrant, missingHydrated } from '../../../checks-common.js';

const ADMIN_DOC = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export default defineCheck({
  id: 'aws-iam-user-admin-mfa-enabled',
  title: 'IAM user with administrator access has MFA',
  description: 'Graph check: administrator access through AdministratorAccess, an inline *:* policy, or a customer managed *:* policy (has-policy edge).',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'critical',
  scope: 'graph',
  risk: 'An administrator protected by a password or key alone is the shortest path to owning the whole account.',
  remediation: {
    text: 'Enforce MFA for the user (assign a device and deny actions without aws:MultiFactorAuthPresent), or move administrators to federated roles.',
  },
  compliance: [nist('IA-2(1)'), nist('AC-6'), pci('8.4.1'), pci('8.4.2')],
  needs: ['attachedPolicies', 'inlinePolicies', 'mfaDevices'],
  evaluate(r, ctx) {
    const missing = missingHydrated(r, ['attachedPolicies', 'inlinePolicies', 'mfaDevices']);
    if (missing) return missing;
    const why = adminGrant(r, ctx.graph);
    if (!why) return notApplicable('user is not an administrator');
    return r.config.mfaDevices.length ? pass({ admin: why }) : fail(`administrator (${why}) without MFA`, { admin: why });
  },
  fixtures: [
    fx(
      'admin with MFA',
      {
        attachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        inlinePolicies: [],
        mfaDevices: [{ SerialNumber: 'x' }],
      },
      'pass',
    ),
    fx(
      'admin without MFA',
      {
        attachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        inlinePolicies: [],
        mfaDevices: [],
      },
      'fail',
    ),
    fx('inline admin without MFA', { attachedPolicies: [], inlinePolicies: [{ PolicyName: 'all', PolicyDocument: ADMIN_DOC }], mfaDevices: [] }, 'fail'),
    {
      name: 'customer managed admin policy without MFA',
      resource: {
        id: 'arn:aws:iam::123456789012:user/ops',
        config: { attachedPolicies: [{ PolicyName: 'ops-all', PolicyArn: 'arn:aws:iam::123456789012:policy/ops-all' }], inlinePolicies: [], mfaDevices: [] },
      },
      related: {
        resources: [
          {
            id: 'arn:aws:iam::123456789012:policy/ops-all',
            type: 'aws.iam.policy',
            provider: 'aws',
            account: '123456789012',
            region: 'global',
            name: 'ops-all',
            tags: {},
            config: { document: ADMIN_DOC },
          },
        ],
        edges: [{ from: 'arn:aws:iam::123456789012:user/ops', to: 'arn:aws:iam::123456789012:policy/ops-all', kind: 'has-policy' }],
      },
      expect: 'fail',
    },
    fx(
      'not an admin',
      { attachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], inlinePolicies: [], mfaDevices: [] },
      'not-applicable',
    ),
    fx('MFA devices unreadable', { attachedPolicies: [], inlinePolicies: [], _errors: { mfaDevices: 'access-denied' } }, 'error'),
  ],
});
