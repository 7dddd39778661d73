import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, series, user } from './common.js';

const failed = (ip: string, time: string, name = 'alice') =>
  ct({
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    sourceIPAddress: ip,
    userAgent: 'Mozilla/5.0 Firefox/121.0',
    userIdentity: user(name),
    errorMessage: 'Failed authentication',
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: { MFAUsed: 'No' },
  });

/** Brute force or password spraying: many failed console sign-ins from one address. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-console-login-failure-burst',
  title: 'Burst of failed console sign-ins',
  description: 'Five or more failed AWS console sign-ins from one source address within ten minutes (brute force or password spraying).',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1110', 'T1110.003'],
  actions: ['*:ConsoleLogin'],
  logic: {
    kind: 'window',
    filter: (e) => e.action === 'ConsoleLogin' && !!e.errorCode,
    key: (e) => e.sourceIp ?? e.actor.identity,
    time: (e) => e.time,
    seconds: 600,
    threshold: 5,
  },
  fixtures: {
    hit: [
      { name: 'six failures from one address in two minutes', events: series(6, 20, (i, t) => failed('203.0.113.66', t, ['alice', 'bob', 'carol'][i % 3])) },
    ],
    miss: [
      { name: 'four failures', events: series(4, 20, (_i, t) => failed('203.0.113.66', t)) },
      { name: 'failures spread over hours', events: series(6, 1800, (_i, t) => failed('203.0.113.66', t)) },
    ],
  },
});
