import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, param, succeeded } from './common.js';

/** CIS 1.8: at least 14 characters; reuse prevention of 24. */
function weaknesses(e: Ev): string[] {
  if (e.action === 'DeleteAccountPasswordPolicy') return ['password policy deleted'];
  const out: string[] = [];
  const len = Number(param(e, 'minimumPasswordLength') ?? 0);
  if (len && len < 14) out.push(`minimum length ${len} (< 14)`);
  const reuse = param(e, 'passwordReusePrevention');
  if (reuse === undefined || Number(reuse) < 24) out.push('password reuse not prevented (< 24)');
  for (const f of ['requireSymbols', 'requireNumbers', 'requireUppercaseCharacters', 'requireLowercaseCharacters'])
    if (param(e, f) === false) out.push(`${f} off`);
  return out;
}

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-password-policy-weakened',
  title: 'Account password policy weakened',
  description: 'The IAM account password policy was deleted, or set below CIS guidance (length under 14, no reuse prevention, character classes off).',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1556', 'T1201'],
  actions: ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.service !== 'iam' || !succeeded(e)) return false;
      if (e.action !== 'UpdateAccountPasswordPolicy' && e.action !== 'DeleteAccountPasswordPolicy') return false;
      const w = weaknesses(e);
      return w.length ? { details: { weaknesses: w } } : false;
    },
    key: (e) => e.account,
  },
  fixtures: {
    hit: [
      { name: 'policy deleted', events: [ct({ eventSource: 'iam.amazonaws.com', eventName: 'DeleteAccountPasswordPolicy' })] },
      {
        name: 'length 6',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'UpdateAccountPasswordPolicy',
            requestParameters: { minimumPasswordLength: 6, passwordReusePrevention: 24 },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'strong policy',
        events: [
          ct({
            eventSource: 'iam.amazonaws.com',
            eventName: 'UpdateAccountPasswordPolicy',
            requestParameters: { minimumPasswordLength: 16, passwordReusePrevention: 24, requireSymbols: true, requireNumbers: true },
          }),
        ],
      },
    ],
  },
});
