import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheckFamily, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, grantsAdmin, missingHydrated } from '../../../checks-common.js';

/** Users, groups and roles carry inline policies the same way: one logic, one check per principal type. */
const PRINCIPALS = [
  { kind: 'user', type: 'aws.iam.user' },
  { kind: 'group', type: 'aws.iam.group' },
  { kind: 'role', type: 'aws.iam.role' },
] as const;

export default defineCheckFamily({
  id: 'aws-iam-principal-no-inline-admin-policy',
  variants: PRINCIPALS,
  check: (p) => ({
    id: `aws-iam-${p.kind}-no-inline-admin-policy`,
    title: `IAM ${p.kind} has no inline policy granting *:*`,
    provider: 'aws',
    resourceType: p.type,
    severity: 'high',
    risk: `An inline "Action *, Resource *" policy makes the ${p.kind} a full administrator outside any reviewed, reusable policy.`,
    remediation: { text: 'Delete the inline policy and grant the specific permissions needed through a managed policy.' },
    compliance: [nist('AC-6'), nist('AC-6(10)'), nist('AC-3'), pci('7.2.1'), pci('7.2.2')],
    needs: ['inlinePolicies'],
    evaluate(r) {
      const missing = missingHydrated(r, ['inlinePolicies']);
      if (missing) return missing;
      const admin = (r.config.inlinePolicies as Cfg[]).filter((x) => grantsAdmin(x.PolicyDocument)).map((x) => x.PolicyName);
      return admin.length ? fail(`inline policy ${admin.join(', ')} grants *:*`, { policies: admin }) : pass();
    },
    fixtures: [
      fx(
        'scoped inline policy',
        {
          inlinePolicies: [{ PolicyName: 'read', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } }],
        },
        'pass',
      ),
      fx('inline *:*', { inlinePolicies: [{ PolicyName: 'god', PolicyDocument: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } }] }, 'fail'),
      fx(
        'denying *:* is fine',
        { inlinePolicies: [{ PolicyName: 'deny', PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }] },
        'pass',
      ),
      fx('inline policies unreadable', { _errors: { inlinePolicies: 'access-denied' } }, 'error'),
    ],
  }),
});
