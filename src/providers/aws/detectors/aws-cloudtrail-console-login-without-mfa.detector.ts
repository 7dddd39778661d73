import { defineDetector } from '../../../core/units/detector.js';
import { ROOT, ct, type Ev, user } from './common.js';

const login = (identity: Record<string, unknown>, mfa: 'Yes' | 'No', result = 'Success', extra: Record<string, unknown> = {}) =>
  ct({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/121.0',
    userIdentity: identity,
    responseElements: { ConsoleLogin: result },
    additionalEventData: { MFAUsed: mfa, LoginTo: 'https://console.aws.amazon.com/', ...extra },
  });

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-console-login-without-mfa',
  title: 'Console sign-in without MFA',
  description:
    'A successful AWS console sign-in by an IAM user or root without multi-factor authentication. Federated (SAML/SSO) sign-ins are excluded: their MFA happens at the identity provider.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1078.004'],
  actions: ['*:ConsoleLogin'],
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.action !== 'ConsoleLogin' || e.errorCode) return false;
      if (e.actor.type !== 'iam-user' && e.actor.type !== 'root') return false;
      const extra = e.additionalEventData ?? {};
      if (extra.SamlProviderArn) return false;
      return extra.MFAUsed === 'No' ? (e.actor.type === 'root' ? { severity: 'high' as const } : true) : false;
    },
    key: (e) => e.actor.identity,
  },
  fixtures: {
    hit: [
      { name: 'alice signs in with a password only', events: [login(user('alice'), 'No')] },
      { name: 'root signs in without MFA', events: [login(ROOT, 'No')] },
    ],
    miss: [
      { name: 'sign-in with MFA', events: [login(user('alice'), 'Yes')] },
      { name: 'failed sign-in', events: [login(user('alice'), 'No', 'Failure')] },
    ],
  },
});
