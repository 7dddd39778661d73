import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, role } from './common.js';

/** GetFederationToken credentials outlive the key that created them being deleted: a persistence trick. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-federation-token-created',
  title: 'Federation token obtained by an IAM user',
  description: "An IAM user called sts:GetFederationToken. The returned credentials stay valid (up to 36 hours) even after the user's access key is disabled.",
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1550.001', 'T1098'],
  actions: ['sts:GetFederationToken'],
  logic: {
    kind: 'match',
    match: (e) => e.service === 'sts' && e.action === 'GetFederationToken' && !e.errorCode && e.actor.type === 'iam-user',
    key: (e) => e.actor.identity,
  },
  fixtures: {
    hit: [
      {
        name: 'user gets a federation token',
        events: [ct({ eventSource: 'sts.amazonaws.com', eventName: 'GetFederationToken', requestParameters: { name: 'backdoor', durationSeconds: 129600 } })],
      },
    ],
    miss: [
      {
        name: 'role session asks for caller identity',
        events: [ct({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', userIdentity: role('r', 's'), readOnly: true })],
      },
    ],
  },
});
