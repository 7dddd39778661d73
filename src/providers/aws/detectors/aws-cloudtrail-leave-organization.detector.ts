import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev } from './common.js';

/** Leaving the organisation drops its SCPs, guardrails and central logging; attempts matter too. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-leave-organization',
  title: 'Account tried to leave the organisation',
  description:
    'LeaveOrganization (or RemoveAccountFromOrganization) was called. A denied attempt is reported too: it is still an attempt to escape the guardrails.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1562', 'T1666'],
  actions: ['organizations:LeaveOrganization', 'organizations:RemoveAccountFromOrganization'],
  logic: {
    kind: 'match',
    match: (e) =>
      e.service === 'organizations' && (e.action === 'LeaveOrganization' || e.action === 'RemoveAccountFromOrganization')
        ? e.errorCode
          ? { title: 'Attempt to leave the organisation (denied)', severity: 'medium' as const }
          : { severity: 'critical' as const }
        : false,
    key: (e) => e.account,
  },
  fixtures: {
    hit: [
      { name: 'LeaveOrganization', events: [ct({ eventSource: 'organizations.amazonaws.com', eventName: 'LeaveOrganization' })] },
      {
        name: 'denied attempt',
        events: [ct({ eventSource: 'organizations.amazonaws.com', eventName: 'LeaveOrganization', errorCode: 'AccessDeniedException' })],
      },
    ],
    miss: [{ name: 'describe organisation', events: [ct({ eventSource: 'organizations.amazonaws.com', eventName: 'DescribeOrganization', readOnly: true })] }],
  },
});
