import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, series } from './common.js';

/** Stratus ec2-get-password-data: many GetPasswordData calls, mostly denied, probing for Windows passwords. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-get-password-data-burst',
  title: 'Burst of EC2 GetPasswordData calls',
  description: 'Five or more GetPasswordData calls (successful or denied) by one identity within ten minutes: harvesting Windows administrator passwords.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1552.005', 'T1552'],
  actions: ['ec2:GetPasswordData'],
  logic: {
    kind: 'window',
    filter: (e) => e.service === 'ec2' && e.action === 'GetPasswordData',
    key: (e) => e.actor.identity,
    time: (e) => e.time,
    seconds: 600,
    threshold: 5,
  },
  fixtures: {
    hit: [
      {
        name: 'six denied calls in a minute',
        events: series(6, 10, (i, t) =>
          ct({
            eventTime: t,
            eventSource: 'ec2.amazonaws.com',
            eventName: 'GetPasswordData',
            errorCode: 'Client.UnauthorizedOperation',
            requestParameters: { instanceId: `i-00000000000000${i}` },
          }),
        ),
      },
    ],
    miss: [{ name: 'one call', events: [ct({ eventSource: 'ec2.amazonaws.com', eventName: 'GetPasswordData', requestParameters: { instanceId: 'i-1' } })] }],
  },
});
