import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, type Ev, param, paramStr, policyDoc, statements, succeeded } from './common.js';

const ADMIN_POLICIES = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const ATTACH = new Set(['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy']);
const PUT = new Set(['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy']);

function inlineIsAdmin(e: Ev): boolean {
  return statements(policyDoc(param(e, 'policyDocument'))).some(
    (s) => s.Effect === 'Allow' && asList(s.Action).some((a) => a === '*' || a === 'iam:*') && asList(s.Resource).includes('*'),
  );
}

/** IAM persistence / privilege escalation: administrator rights granted to a principal. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-iam-admin-policy-attached',
  title: 'Administrator policy attached',
  description: 'AdministratorAccess, IAMFullAccess or PowerUserAccess attached to a user, role or group, or an inline policy allowing `*` (or `iam:*`) on `*`.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1098.003', 'T1078.004'],
  actions: [...ATTACH, ...PUT].map((a) => `iam:${a}`),
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.service !== 'iam' || !succeeded(e)) return false;
      if (ATTACH.has(e.action) && ADMIN_POLICIES.test(paramStr(e, 'policyArn') ?? '')) return { details: { policy: paramStr(e, 'policyArn') } };
      if (PUT.has(e.action) && inlineIsAdmin(e)) return { details: { inlinePolicy: paramStr(e, 'policyName') } };
      return false;
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'AdministratorAccess on a new user',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'AttachUserPolicy',
            requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          }),
        ],
      },
      {
        name: 'inline *:*',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'PutRolePolicy',
            requestParameters: {
              roleName: 'r',
              policyName: 'p',
              policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
            },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'read-only policy',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'AttachRolePolicy',
            requestParameters: { roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          }),
        ],
      },
    ],
  },
});
