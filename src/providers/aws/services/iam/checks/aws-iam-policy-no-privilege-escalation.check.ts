import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { allowingStatements, asArray, isAdminStatement, missingHydrated } from '../../../checks-common.js';

/** Actions that let a holder grant itself more (a well-known set of IAM escalation primitives). */
const ESCALATION = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachUserPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachGroupPolicy',
  'iam:PutUserPolicy',
  'iam:PutRolePolicy',
  'iam:PutGroupPolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:UpdateAssumeRolePolicy',
  'iam:AddUserToGroup',
];

export default defineCheck({
  id: 'aws-iam-policy-no-privilege-escalation',
  title: 'Attached IAM policy does not allow privilege escalation on any resource',
  description:
    'Fails when an attached policy allows an IAM escalation action (create policy version, attach/put policies, create keys or passwords, …) on Resource "*". Full admin policies are left to aws-iam-policy-no-admin-privileges.',
  provider: 'aws',
  resourceType: 'aws.iam.policy',
  severity: 'high',
  risk: 'An identity that can rewrite or attach policies, or mint credentials for others, can make itself administrator.',
  remediation: { text: 'Remove the escalation actions, or restrict them to specific resources with a permissions boundary.' },
  compliance: [nist('AC-6'), nist('AC-6(10)'), nist('AC-5'), pci('7.2.2')],
  needs: ['document'],
  evaluate(r) {
    if (!r.config.AttachmentCount) return notApplicable('policy is not attached');
    const missing = missingHydrated(r, ['document']);
    if (missing) return missing;
    const hits = ESCALATION.filter((a) => allowingStatements(r.config.document, a).some((s) => !isAdminStatement(s) && asArray(s.Resource).includes('*')));
    return hits.length ? fail(`policy allows ${hits.join(', ')} on all resources`, { actions: hits }) : pass();
  },
  fixtures: [
    fx('read-only IAM', { AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] } }, 'pass'),
    fx('can attach policies anywhere', { AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: 'iam:Attach*', Resource: '*' }] } }, 'fail'),
    fx(
      'can create keys for anyone',
      { AttachmentCount: 2, document: { Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] } },
      'fail',
    ),
    fx('document unreadable', { AttachmentCount: 1, _errors: { document: 'access-denied' } }, 'error'),
  ],
});
