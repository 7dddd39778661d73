import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, param, policyDoc, principalAccounts, statements, succeeded } from './common.js';

/** Accounts outside the role's own account (or `*`) that a trust policy lets assume the role. */
function externalPrincipals(e: Ev): string[] {
  const doc = policyDoc(param(e, e.action === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument'));
  const out = new Set<string>();
  for (const s of statements(doc)) {
    if (s.Effect !== 'Allow') continue;
    for (const a of principalAccounts(s.Principal)) if (a !== e.account) out.add(a);
  }
  return [...out];
}

/** A role's trust policy opened to another account or to everyone: a door back in (Stratus iam-backdoor-role). */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-iam-trust-policy-opened',
  title: 'Role trust policy opened to an external principal',
  description: 'CreateRole or UpdateAssumeRolePolicy with a trust policy that lets another AWS account, or anyone (`*`), assume the role.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1098', 'T1098.003'],
  actions: ['iam:UpdateAssumeRolePolicy', 'iam:CreateRole'],
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.service !== 'iam' || (e.action !== 'UpdateAssumeRolePolicy' && e.action !== 'CreateRole') || !succeeded(e)) return false;
      const ext = externalPrincipals(e);
      return ext.length ? { severity: ext.includes('*') ? 'critical' : 'high', details: { externalPrincipals: ext } } : false;
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'trust opened to a foreign account',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'UpdateAssumeRolePolicy',
            requestParameters: {
              roleName: 'ci-deployer',
              policyDocument: JSON.stringify({
                Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }],
              }),
            },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'service trust',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'CreateRole',
            requestParameters: {
              roleName: 'r',
              assumeRolePolicyDocument: JSON.stringify({
                Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              }),
            },
          }),
        ],
      },
      {
        name: 'same-account trust',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'CreateRole',
            requestParameters: {
              roleName: 'r',
              assumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'sts:AssumeRole' }] }),
            },
          }),
        ],
      },
    ],
  },
});
