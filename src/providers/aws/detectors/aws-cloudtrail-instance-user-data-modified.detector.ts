import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, param, succeeded } from './common.js';

/**
 * Execution / persistence: an instance's user data replaced (Stratus ec2-user-data). The new
 * script runs as root on the next start; the usual sequence is stop, modify, start. CloudTrail
 * records the change as `requestParameters.userData` (the SigmaHQ rule's `attribute: userData`
 * shape is the older one; both are accepted here).
 */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-instance-user-data-modified',
  title: 'EC2 instance user data modified',
  description: "ModifyInstanceAttribute changed an instance's user data: code that runs as root at the next boot.",
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1059.009', 'T1037'],
  actions: ['ec2:ModifyInstanceAttribute'],
  logic: {
    kind: 'match',
    match: (e) =>
      e.service === 'ec2' &&
      e.action === 'ModifyInstanceAttribute' &&
      succeeded(e) &&
      (param(e, 'userData') !== undefined || param(e, 'attribute') === 'userData'),
    key: (e) => e.resources[0]?.id ?? e.actor.identity,
  },
  fixtures: {
    hit: [
      {
        name: 'user data replaced',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'ModifyInstanceAttribute',
            requestParameters: { instanceId: 'i-0abc', userData: '<sensitiveDataRemoved>' },
          }),
        ],
      },
      {
        name: 'older attribute form',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'ModifyInstanceAttribute',
            requestParameters: { instanceId: 'i-0abc', attribute: 'userData', value: 'x' },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'instance type changed',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'ModifyInstanceAttribute',
            requestParameters: { instanceId: 'i-0abc', instanceType: { value: 'm5.large' } },
          }),
        ],
      },
    ],
  },
});
