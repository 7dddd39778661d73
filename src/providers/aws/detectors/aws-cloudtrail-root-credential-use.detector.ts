import { defineDetector } from '../../../core/units/detector.js';
import { ROOT, byAwsService, ct, type Ev } from './common.js';

/** GuardDuty Policy:IAMUser/RootCredentialUsage: the root user should not be used day to day. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-root-credential-use',
  title: 'Root user credentials used',
  description: 'An API call or console sign-in made with the account root user. Root bypasses IAM policies and SCPs cannot fully restrict it.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1078.004'],
  logic: {
    kind: 'match',
    match: (e) => e.actor.type === 'root' && !byAwsService(e) && e.eventType !== 'AwsServiceEvent',
    key: (e) => `root:${e.account}`,
  },
  fixtures: {
    hit: [
      {
        name: 'root lists buckets from the CLI',
        events: [ct({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, userIdentity: ROOT })],
      },
    ],
    miss: [
      { name: 'IAM user lists buckets', events: [ct({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true })] },
      {
        name: 'AWS service acting for root',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'GetBucketAcl',
            userIdentity: { ...ROOT, invokedBy: 'cloudtrail.amazonaws.com' },
            sourceIPAddress: 'cloudtrail.amazonaws.com',
          }),
        ],
      },
    ],
  },
});
