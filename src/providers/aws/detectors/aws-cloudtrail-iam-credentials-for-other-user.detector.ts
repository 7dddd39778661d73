import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, param, paramStr, role, succeeded, user } from './common.js';

const ACTIONS = new Set(['CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile']);

/**
 * The calling person's own user name, where it has one: the IAM user name, or the session name of
 * a role session (SSO and federation name sessions after the person, often `alice@acme.example`).
 */
function callerName(e: Ev): string | undefined {
  if (e.actor.type === 'iam-user') return e.actor.arn?.split('/').pop();
  return e.actor.sessionName?.split('@')[0];
}

/** IAM persistence: someone creates a key or console password for a different user (pacu iam__backdoor_users_keys). */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-iam-credentials-for-other-user',
  title: 'Access key or console password created for another user',
  description:
    'CreateAccessKey, CreateLoginProfile or UpdateLoginProfile for a user other than the caller: a backdoor that survives the caller losing access. Self-service key rotation is not flagged.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1098.001'],
  actions: [...ACTIONS].map((a) => `iam:${a}`),
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.service !== 'iam' || !ACTIONS.has(e.action) || !succeeded(e)) return false;
      const target = paramStr(e, 'userName');
      if (!target) return false; // no userName = the caller's own credentials
      if (target === callerName(e)) return false;
      // The routine "reset password" flow: the user must choose a new password at next sign-in.
      if (e.action === 'UpdateLoginProfile' && param(e, 'passwordResetRequired') === true) return false;
      return {
        title: `${e.action === 'CreateAccessKey' ? 'Access key' : 'Console password'} created for ${target} by ${e.actor.name}`,
        details: { targetUser: target },
      };
    },
    key: (e) => `${e.account}:${paramStr(e, 'userName')}`,
  },
  fixtures: {
    hit: [
      {
        name: 'deploy-bot creates a key for alice',
        events: [
          ct({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: user('deploy-bot'), requestParameters: { userName: 'alice' } }),
        ],
      },
      {
        name: 'a role sets a console password for bob',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'CreateLoginProfile',
            userIdentity: role('admin', 'x'),
            requestParameters: { userName: 'bob', passwordResetRequired: false },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'alice rotates her own key',
        events: [ct({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: user('alice'), requestParameters: { userName: 'alice' } })],
      },
      {
        name: 'key without userName (own)',
        events: [ct({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: user('alice'), requestParameters: {} })],
      },
    ],
  },
});
